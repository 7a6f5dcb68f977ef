package io.jspark.kernel.spark;

import io.jspark.kernel.interpreter.ExecutorSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The folder Spark serves to executors in other JVMs as {@code spark.repl.class.outputDir}, filled by
 * the interpreter with the classes cells define, as executors are to load them.
 */
final class ExecutorClassFolder implements AutoCloseable {
    private final KernelTempFolder folder;

    private ExecutorClassFolder(KernelTempFolder folder) {
        this.folder = folder;
    }

    /** Creates the folder; the interpreter keeps it up to date with every class cells define from now on. */
    static ExecutorClassFolder create(ExecutorSupport interpreter) {
        KernelTempFolder folder;
        try {
            folder = KernelTempFolder.create("classes");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the classes executors load", e);
        }
        try {
            interpreter.exportClassesTo(folder.path());
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
        return new ExecutorClassFolder(folder);
    }

    Path path() {
        return folder.path();
    }

    @Override
    public void close() {
        folder.close();
    }
}
