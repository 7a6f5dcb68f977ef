package io.jspark.kernel.session;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The thread every cell runs on, in order, and the session's runner, which lives on it: the runner
 * is built there before any cell, and the interpreter and Spark are used from there alone (besides
 * interrupts, which come from the control thread).
 */
public final class CellThread {
    private static final System.Logger LOG = System.getLogger(CellThread.class.getName());
    /** Deep enough for recursive user code and Spark's query planner. */
    private static final long STACK_BYTES = 16L * 1024 * 1024;
    private static final long STOP_WAIT_SECONDS = 2;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            r -> new Thread(null, r, "jspark-cell", STACK_BYTES));
    private final CompletableFuture<CellRunner> runner = new CompletableFuture<>();

    /** Builds the runner on the cell thread; a failure is logged and fails every cell with a short error. */
    public void start(Supplier<CellRunner> build) {
        thread.submit(() -> {
            try {
                runner.complete(build.get());
            } catch (Exception | Error e) {
                // Also checked exceptions, which code compiled from other JVM languages throws undeclared.
                // A shutdown during the start interrupts it; that is no failure worth an error.
                if (thread.isShutdown()) {
                    LOG.log(System.Logger.Level.INFO, "the kernel shut down while the session was starting", e);
                } else {
                    LOG.log(System.Logger.Level.ERROR, "the session could not start", e);
                }
                runner.completeExceptionally(e);
            }
        });
    }

    /** Runs {@code task} after the cells before it. */
    public <T> Future<T> submit(Callable<T> task) {
        return thread.submit(task);
    }

    /** The runner, waiting for the start; throws if the session could not start. */
    public CellRunner runner() {
        return runner.join();
    }

    /** The runner if the session has started, else null; never waits. */
    public CellRunner runnerIfStarted() {
        return runner.isDone() && !runner.isCompletedExceptionally() ? runner.join() : null;
    }

    /** Called on the control thread, or by the SIGINT handler: stops the running cell and its Spark jobs. */
    public void interrupt() {
        CellRunner started = runnerIfStarted();
        if (started != null) {
            started.interrupt();
        }
    }

    /**
     * Stops the running cell and drops the queued ones, then waits a little for the thread to end;
     * false when a cell ignores the interrupt and still holds the interpreter.
     */
    public boolean stop() throws InterruptedException {
        interrupt();
        // Cells still queued will never run: cancel them, so that the request thread waiting for one returns.
        for (Runnable never : thread.shutdownNow()) {
            if (never instanceof Future<?> future) {
                future.cancel(false);
            }
        }
        return thread.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** After {@link #stop()} returned true: stops Spark and closes the interpreter. */
    public void closeSession() {
        CellRunner started = runnerIfStarted();
        if (started != null) {
            started.spark().stop();
            started.interpreter().close();
        }
    }
}
