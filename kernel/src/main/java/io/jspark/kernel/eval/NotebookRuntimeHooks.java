package io.jspark.kernel.eval;

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

    /** Called at every backward jump in notebook code: a cheap volatile read unless a stop is pending. */
    public static void checkInterrupt() {
        if (stopRequested == Thread.currentThread()) {
            stopRequested = null;
            throw new CellInterrupted();
        }
    }

    static void requestStop(Thread cellThread) {
        stopRequested = cellThread;
    }

    static void clearStop() {
        stopRequested = null;
    }
}
