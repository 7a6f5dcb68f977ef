package io.jspark.display.monitor;

import io.jspark.display.MimeBundle;
import io.jspark.monitor.CellSnapshot;
import io.jspark.monitor.MonitorModel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one live display per cell that ran Spark jobs. The display thread polls the model's version
 * every {@value #TICK_MS} ms: a cell's first jobs are shown at once, later changes at most every
 * {@value #MIN_INTERVAL_MS} ms (4 updates a second), and less often when a cell's display is costly to
 * draw (at least {@value #RENDER_COST_FACTOR} times its last drawing time between updates, so that
 * drawing never takes more than a twentieth of a core from Spark), and the final state once its jobs are done.
 * The cell's own thread sends the final state before the cell ends, so a saved notebook holds it.
 */
public final class MonitorDisplay implements AutoCloseable {
    static final long TICK_MS = 50;
    static final long MIN_INTERVAL_MS = 250;
    static final long RENDER_COST_FACTOR = 20;
    private static final System.Logger LOG = System.getLogger(MonitorDisplay.class.getName());

    private final MonitorModel model;
    private final MonitorRenderer renderer;
    private final DisplaySink sink;
    private final Map<String, CellDisplay> displays = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jspark-monitor-display");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean enabled = true;
    /** Guards the sink: once close() has returned, no thread calls the sink again. */
    private final Object sinkLock = new Object();
    private boolean closed;
    /** Owned by the display thread. */
    private long seenVersion = -1;

    public MonitorDisplay(MonitorModel model, MonitorRenderer renderer, DisplaySink sink) {
        this.model = model;
        this.renderer = renderer;
        this.sink = sink;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The display thread: one pass over the cells whose jobs changed. */
    private void tick() {
        try {
            long version = model.version();
            if (!enabled || version == seenVersion) {
                return;
            }
            long now = System.currentTimeMillis();
            boolean deferred = false;
            List<String> cellIds = model.cellIds();
            displays.keySet().retainAll(new HashSet<>(cellIds));
            for (String cellId : cellIds) {
                if (cellId.isEmpty()) {
                    continue;
                }
                CellDisplay display = displays.computeIfAbsent(cellId, CellDisplay::new);
                long cellVersion = model.cellVersion(cellId);
                if (cellVersion > display.sentVersion) {
                    if (now - display.sentAt >= display.interval) {
                        publish(display, cellVersion);
                    } else {
                        deferred = true;
                    }
                }
            }
            if (!deferred) {
                seenVersion = version;
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not update a monitor display", e);
        }
    }

    /**
     * Called on a cell's thread when its code has finished: waits up to {@code waitMs} for Spark's
     * listener bus to deliver the end of the cell's jobs, then sends the final state.
     */
    public void cellFinished(String cellId, long waitMs) {
        if (!enabled || model.cellVersion(cellId) < 0) {
            return;
        }
        long deadline = System.currentTimeMillis() + waitMs;
        while (model.hasRunningJobs(cellId) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        CellDisplay display = displays.computeIfAbsent(cellId, CellDisplay::new);
        display.cellEnded = true;
        publish(display, model.cellVersion(cellId));
    }

    /** Sends the cell's current state; the display thread and the cell's thread may both get here. */
    private void publish(CellDisplay display, long version) {
        synchronized (display) {
            // Complete once the cell's code has ended and its jobs too: that state is the one a saved notebook keeps.
            boolean jobsDone = !model.hasRunningJobs(display.cellId);
            boolean complete = display.cellEnded && jobsDone;
            if (version <= display.sentVersion && (display.sentComplete || !complete)) {
                return;
            }
            Optional<CellSnapshot> snapshot = model.snapshot(display.cellId, jobsDone);
            if (snapshot.isEmpty()) {
                return;
            }
            long started = System.nanoTime();
            MimeBundle bundle = renderer.render(snapshot.get(), complete && snapshot.get().allJobsDone());
            long drawingMs = (System.nanoTime() - started) / 1_000_000;
            display.interval = Math.max(MIN_INTERVAL_MS, RENDER_COST_FACTOR * drawingMs);
            synchronized (sinkLock) {
                if (closed) {
                    return;
                }
                if (display.displayId == null) {
                    display.displayId = UUID.randomUUID().toString();
                    sink.show(display.cellId, display.displayId, bundle);
                } else {
                    sink.update(display.cellId, display.displayId, bundle);
                }
            }
            display.sentVersion = version;
            display.sentComplete = complete;
            display.sentAt = System.currentTimeMillis();
        }
    }

    @Override
    public void close() {
        synchronized (sinkLock) {
            closed = true;
        }
        thread.shutdownNow();
    }

    /** Written under its own lock by the display thread or a cell's thread; the tick reads the volatiles without it. */
    private static final class CellDisplay {
        final String cellId;
        String displayId;
        volatile long sentVersion = -1;
        volatile long sentAt;
        volatile long interval = MIN_INTERVAL_MS;
        /** Set by the cell's thread when its code has finished; jobs of threads it started may still run. */
        volatile boolean cellEnded;
        /** Whether the last update sent held every job in its JSON. */
        boolean sentComplete;

        CellDisplay(String cellId) {
            this.cellId = cellId;
        }
    }
}
