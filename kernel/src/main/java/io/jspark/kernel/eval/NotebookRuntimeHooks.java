package io.jspark.kernel.eval;

import io.jspark.kernel.spark.executor.TaskKillCheck;

/**
 * Static entry points that rewritten notebook bytecode calls. Statics are forced here: code that
 * JShell compiles can only reach the kernel through a class its loader can see.
 */
public final class NotebookRuntimeHooks {
    /** The cell thread the user asked to stop; written by the control thread, read in notebook loops. */
    private static volatile Thread stopRequested;

    private NotebookRuntimeHooks() {
    }

    public static void exit(int status) {
        throw new CellExit(status);
    }

    public static void runtimeExit(Runtime runtime, int status) {
        throw new CellExit(status);
    }

    /**
     * Called at every backward jump in notebook code: two cheap field reads unless a stop is pending
     * or the thread is interrupted. Spark interrupts a task's thread when it kills the task (the
     * kernel's jobs interrupt on cancel), and only then is the task looked up.
     */
    public static void checkInterrupt() {
        Thread current = Thread.currentThread();
        if (stopRequested == current) {
            stopRequested = null;
            throw new CellInterrupted();
        }
        if (current.isInterrupted()) {
            TaskKillCheck.throwIfKilled();
        }
    }

    static void requestStop(Thread cellThread) {
        stopRequested = cellThread;
    }

    static void clearStop() {
        stopRequested = null;
    }
}
