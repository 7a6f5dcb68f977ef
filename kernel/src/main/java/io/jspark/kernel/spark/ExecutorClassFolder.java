package io.jspark.kernel.spark;

import io.jspark.kernel.eval.NotebookClassLoader;
import io.jspark.kernel.spark.executor.ExecutorVariables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder Spark serves to executors in other JVMs as {@code spark.repl.class.outputDir}: the class
 * files of every cell, rewritten so that top-level variables come from the driver, and the classes
 * executors need for that, for clusters whose executors lack the kernel's jar.
 */
final class ExecutorClassFolder implements AutoCloseable {
    /** What runs on executors, nested classes included; they depend on Spark and the JDK only. */
    static final List<Class<?>> EXECUTOR_CLASSES = Stream.concat(Stream.of(ExecutorVariables.class),
            Stream.of(ExecutorVariables.class.getDeclaredClasses())).toList();

    private final KernelTempFolder folder;

    private ExecutorClassFolder(KernelTempFolder folder) {
        this.folder = folder;
    }

    /** Creates the folder and keeps it up to date with every class the notebook defines from now on. */
    static ExecutorClassFolder create(NotebookClassLoader notebook) {
        try {
            KernelTempFolder folder = KernelTempFolder.create("classes");
            Path dir = folder.path();
            for (Class<?> c : EXECUTOR_CLASSES) {
                String resource = c.getName().replace('.', '/') + ".class";
                try (InputStream in = ExecutorClassFolder.class.getClassLoader().getResourceAsStream(resource)) {
                    Path file = dir.resolve(resource);
                    Files.createDirectories(file.getParent());
                    Files.write(file, in.readAllBytes());
                }
            }
            notebook.exportTo(dir, ExecutorClassRewriter::rewrite);
            return new ExecutorClassFolder(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the classes executors load", e);
        }
    }

    Path path() {
        return folder.path();
    }

    @Override
    public void close() {
        folder.close();
    }
}
