package io.jspark.kernel.jshell;

import io.jspark.kernel.interpreter.ExecutorSupport;
import io.jspark.kernel.spark.executor.ExecutorVariables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;

/**
 * Executors in other JVMs get the cells' classes rewritten so that top-level variables come from the
 * driver, the classes that fetch them (for clusters whose executors lack the kernel's jar), and the
 * driver's endpoint that answers.
 */
final class JShellExecutorSupport implements ExecutorSupport {
    /** What runs on executors, nested classes included; they depend on Spark and the JDK only. */
    static final List<Class<?>> EXECUTOR_CLASSES = Stream.concat(Stream.of(ExecutorVariables.class),
            Stream.of(ExecutorVariables.class.getDeclaredClasses())).toList();

    private final NotebookClassLoader notebook;

    JShellExecutorSupport(NotebookClassLoader notebook) {
        this.notebook = notebook;
    }

    @Override
    public void exportClassesTo(Path folder) {
        try {
            for (Class<?> c : EXECUTOR_CLASSES) {
                String resource = c.getName().replace('.', '/') + ".class";
                try (InputStream in = JShellExecutorSupport.class.getClassLoader().getResourceAsStream(resource)) {
                    Path file = folder.resolve(resource);
                    Files.createDirectories(file.getParent());
                    Files.write(file, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the classes executors load into " + folder, e);
        }
        notebook.exportTo(folder, ExecutorClassRewriter::rewrite);
    }

    @Override
    public void sessionStarted(SparkEnv env) {
        env.rpcEnv().setupEndpoint(ExecutorVariables.ENDPOINT_NAME, new NotebookVariablesEndpoint(env, notebook));
    }
}
