package io.jspark.kernel.cancel;

import io.jspark.display.monitor.DisplaySink;
import io.jspark.kernel.widgets.Controls;
import io.jspark.monitor.MonitorModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cancel buttons for the Spark jobs and stages of each cell, as standard Jupyter widgets in a
 * display of their own below the cell's monitor. They appear once a cell's job has run for
 * {@value #SHOW_AFTER_MS} ms (quick jobs never flash them) and are replaced with plain text, their
 * comms closed, when the cell and its jobs have ended, so that a saved notebook holds no widget.
 * Threads: the buttons' own thread polls the model every {@value #TICK_MS} ms; a cell's thread
 * ends its buttons before the cell's reply; the shell thread delivers clicks. Each cell's buttons
 * are guarded by their {@link CellButtons}.
 */
public final class CancelButtons implements AutoCloseable {
    static final long TICK_MS = 250;
    static final long SHOW_AFTER_MS = 1000;
    private static final System.Logger LOG = System.getLogger(CancelButtons.class.getName());

    /** What a click calls, and what Spark says runs; a reason completes Spark's "Job 3 cancelled ...". */
    public interface Spark {
        void cancelJob(int jobId, String reason);

        void cancelStage(int stageId, String reason);

        /** Every job of the cell, also those the monitor has not heard of yet. */
        void cancelCellJobs(String cellId);

        /** The jobs Spark runs now; none without a session. */
        Set<Integer> activeJobIds();
    }

    /** Runs an action whose comm messages go out under the cell's request. */
    public interface CellScope {
        void run(String cellId, Runnable action);
    }

    private final MonitorModel model;
    private final Controls controls;
    private final DisplaySink sink;
    private final Spark spark;
    private final CellScope scope;
    /** Guarded by this, as are {@link #endedAt} and {@link #runningCell}. */
    private final Map<String, CellButtons> cells = new HashMap<>();
    /**
     * The model's version of each cell when its buttons ended: they come back only when the cell
     * changes (a thread it started runs a new job), not for jobs the model missed the end of.
     */
    private final Map<String, Long> endedAt = new HashMap<>();
    /** The cell whose code runs now, or null. */
    private String runningCell;
    private volatile boolean enabled = true;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jspark-cancel-buttons");
        t.setDaemon(true);
        return t;
    });

    public CancelButtons(MonitorModel model, Controls controls, DisplaySink sink, Spark spark, CellScope scope) {
        this.model = model;
        this.controls = controls;
        this.sink = sink;
        this.spark = spark;
        this.scope = scope;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** The buttons' thread. */
    private void tick() {
        try {
            long now = System.currentTimeMillis();
            List<String> cellIds = model.cellIds();
            for (String cellId : cellIds) {
                CellButtons buttons = cellId.isEmpty() ? null : buttonsFor(cellId);
                if (buttons != null) {
                    refresh(buttons, now, false);
                }
            }
            synchronized (this) {
                cells.values().removeIf(buttons -> {
                    if (buttons.isClosed()) {
                        endedAt.put(buttons.cellId(), model.cellVersion(buttons.cellId()));
                    }
                    return buttons.isClosed();
                });
                endedAt.keySet().retainAll(new HashSet<>(cellIds));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not update the cancel buttons", e);
        }
    }

    /** Called on a cell's thread before its code runs. */
    public synchronized void cellStarted(String cellId) {
        runningCell = cellId;
    }

    /**
     * Called on a cell's thread once its code and the monitor's final state are done: its buttons go
     * unless jobs of threads it started still run (then the buttons' thread ends them later).
     */
    public void cellFinished(String cellId) {
        CellButtons buttons;
        synchronized (this) {
            runningCell = null;
            buttons = cells.get(cellId);
        }
        if (buttons != null) {
            buttons.cellEnded();
            refresh(buttons, System.currentTimeMillis(), true);
        }
    }

    /** The cell's buttons, made when it has jobs running and none yet; knows whether its code has ended. */
    private synchronized CellButtons buttonsFor(String cellId) {
        CellButtons buttons = cells.get(cellId);
        Long ended = endedAt.get(cellId);
        if (buttons == null && enabled && model.hasRunningJobs(cellId) && (ended == null || ended != model.cellVersion(cellId))) {
            buttons = new CellButtons(cellId, controls, sink, spark);
            if (!cellId.equals(runningCell)) {
                buttons.cellEnded();
            }
            cells.put(cellId, buttons);
        }
        return buttons;
    }

    private void refresh(CellButtons buttons, long now, boolean force) {
        scope.run(buttons.cellId(), () -> buttons.refresh(model, now, SHOW_AFTER_MS, force));
    }

    /**
     * Follows %monitor: while the monitor is off its model misses the ends of jobs, so the buttons
     * end, and none start until it is on again. Called on the cell thread.
     */
    public void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            endAll();
        }
    }

    /** Ends every cell's buttons, so that a notebook saved after a shutdown holds none. */
    @Override
    public void close() {
        thread.shutdownNow();
        endAll();
    }

    private void endAll() {
        List<CellButtons> open;
        synchronized (this) {
            open = new ArrayList<>(cells.values());
            open.forEach(buttons -> endedAt.put(buttons.cellId(), model.cellVersion(buttons.cellId())));
            cells.clear();
        }
        for (CellButtons buttons : open) {
            scope.run(buttons.cellId(), () -> buttons.end(model.snapshot(buttons.cellId(), false).orElse(null)));
        }
    }
}
