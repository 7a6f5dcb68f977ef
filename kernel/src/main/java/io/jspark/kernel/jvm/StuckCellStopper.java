package io.jspark.kernel.jvm;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The last resort of an interrupt: code that neither loops through cell code nor blocks (a library's
 * long computation) is stopped with Thread.stop where the JDK still has it.
 */
public final class StuckCellStopper {
    private static final System.Logger LOG = System.getLogger(StuckCellStopper.class.getName());
    private static final long WAIT_MS = 1500;

    private StuckCellStopper() {
    }

    /** After a moment, on a thread of its own, stops {@code target} if {@code stillStuck} says it still runs the same cell. */
    @SuppressWarnings({"deprecation", "removal"})
    public static void stopLater(Thread target, BooleanSupplier stillStuck) {
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(WAIT_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (stillStuck.getAsBoolean()) {
                try {
                    target.stop();
                } catch (UnsupportedOperationException e) {
                    LOG.log(System.Logger.Level.WARNING, "the cell does not respond to interrupt and this JDK cannot stop threads");
                }
            }
        }, "cell-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
