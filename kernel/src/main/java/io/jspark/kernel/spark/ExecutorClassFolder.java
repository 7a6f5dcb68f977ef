package io.jspark.kernel.spark;

import io.jspark.kernel.eval.NotebookClassLoader;
import io.jspark.kernel.spark.executor.ExecutorVariables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

    /** Folder names carry the kernel's pid, so that a later kernel can tell the folders of dead ones. */
    private static final String PREFIX = "jspark-classes-";

    private final Path dir;

    private ExecutorClassFolder(Path dir) {
        this.dir = dir;
    }

    /** Creates the folder and keeps it up to date with every class the notebook defines from now on. */
    static ExecutorClassFolder create(NotebookClassLoader notebook) {
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            removeOrphans(tmp);
            Path dir = Files.createTempDirectory(tmp, PREFIX + ProcessHandle.current().pid() + "-");
            for (Class<?> c : EXECUTOR_CLASSES) {
                String resource = c.getName().replace('.', '/') + ".class";
                try (InputStream in = ExecutorClassFolder.class.getClassLoader().getResourceAsStream(resource)) {
                    Path file = dir.resolve(resource);
                    Files.createDirectories(file.getParent());
                    Files.write(file, in.readAllBytes());
                }
            }
            notebook.exportTo(dir, ExecutorClassRewriter::rewrite);
            ExecutorClassFolder folder = new ExecutorClassFolder(dir);
            // Also when the kernel is terminated without a shutdown request.
            Runtime.getRuntime().addShutdownHook(new Thread(folder::close, "jspark-class-folder-cleanup"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the classes executors load", e);
        }
    }

    /**
     * Deletes the folders of kernels that are no longer running. A kernel killed outright (SIGKILL, a
     * crash) cannot delete its own; the shutdown hook and {@link #close} cover every other ending.
     */
    static void removeOrphans(Path tmp) {
        try (Stream<Path> folders = Files.list(tmp)) {
            folders.filter(f -> ownerGone(f.getFileName().toString())).forEach(ExecutorClassFolder::deleteTree);
        } catch (IOException e) {
            System.getLogger(ExecutorClassFolder.class.getName()).log(System.Logger.Level.DEBUG, "cannot list " + tmp, e);
        }
    }

    private static boolean ownerGone(String name) {
        int end = name.indexOf('-', PREFIX.length());
        if (!name.startsWith(PREFIX) || end < 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(PREFIX.length(), end));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() {
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.getLogger(ExecutorClassFolder.class.getName()).log(System.Logger.Level.WARNING, "could not delete " + dir, e);
        }
    }
}
