package io.jspark.kernel.jvm;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The threads notebook code started, by the cell that started them, so that those that outlive
 * their cell can be listed and stopped. Known are threads a cell's code starts ({@code start()} or
 * {@code Thread::start}), threads those start in turn, and the threads of pools a cell makes with
 * {@link java.util.concurrent.Executors}. Not known: threads that libraries start (Spark's own, say),
 * {@code java.util.Timer}, pools built with their constructors, and the common ForkJoinPool.
 */
public final class CellThreads implements StartedThreads {
    private static final long FORCE_AFTER_MS = 2000;
    private static final long GIVE_UP_AFTER_MS = 1000;

    /** The cell of the thread calling; read on whatever thread runs notebook code. */
    private final IntSupplier currentCell;
    /**
     * Written by any thread running notebook code, read by %threads on the cell thread; guarded by
     * this object. Weak, so a finished thread is forgotten; an origin refers to its pool weakly, since
     * a pool holds its threads.
     */
    private final Map<Thread, Origin> threads = new WeakHashMap<>();

    public CellThreads(IntSupplier currentCell) {
        this.currentCell = currentCell;
    }

    /** A thread a cell started that is still alive, as seen when listed. */
    public record Running(Thread thread, int cell, long startedMillis, boolean pooled) {
    }

    /** What a stop left running: threads that ignore interrupts where the JDK cannot force them. */
    public record Stopped(int stopped, int pools, List<Running> stillRunning) {
    }

    private record Origin(int cell, long startedMillis, WeakReference<ExecutorService> pool) {
    }

    @Override
    public void starting(Thread thread) {
        Origin origin = new Origin(currentCell.getAsInt(), System.currentTimeMillis(), null);
        synchronized (this) {
            threads.putIfAbsent(thread, origin);
        }
    }

    @Override
    public <P> P pool(Function<ThreadFactory, P> make, ThreadFactory factory) {
        java.util.Objects.requireNonNull(factory, "threadFactory");
        int cell = currentCell.getAsInt();
        PoolThreads recording = new PoolThreads(factory, cell);
        P pool = make.apply(recording);
        if (pool instanceof ExecutorService executor) {
            recording.pool = new WeakReference<>(executor);
        }
        return pool;
    }

    /** Alive threads, oldest cell first. */
    public synchronized List<Running> running() {
        List<Running> alive = new ArrayList<>();
        threads.forEach((thread, origin) -> {
            if (thread.isAlive()) {
                alive.add(new Running(thread, origin.cell(), origin.startedMillis(), origin.pool() != null));
            }
        });
        alive.sort(Comparator.comparingInt(Running::cell).thenComparingLong(Running::startedMillis));
        return alive;
    }

    /**
     * Stops the given threads and shuts down their pools: an interrupt, then notebook code on them
     * throws at its next backward jump; what still runs after two seconds is stopped by force where
     * the JDK can. Called on the cell thread; blocks at most about three seconds.
     */
    @SuppressWarnings({"deprecation", "removal"})
    public Stopped stop(List<Running> selected) throws InterruptedException {
        List<Thread> targets = selected.stream().map(Running::thread).toList();
        int pools = shutDownPoolsOf(targets);
        NotebookThreadHooks.stop(targets);
        try {
            targets.forEach(Thread::interrupt);
            joinAll(targets, FORCE_AFTER_MS);
            for (Thread thread : targets) {
                if (thread.isAlive()) {
                    try {
                        thread.stop();
                    } catch (UnsupportedOperationException e) {
                        break;
                    }
                }
            }
            joinAll(targets, GIVE_UP_AFTER_MS);
        } finally {
            NotebookThreadHooks.forget(targets);
        }
        List<Running> left = selected.stream().filter(r -> r.thread().isAlive()).toList();
        return new Stopped(selected.size() - left.size(), pools, left);
    }

    private int shutDownPoolsOf(List<Thread> targets) {
        List<ExecutorService> pools = new ArrayList<>();
        synchronized (this) {
            for (Thread thread : targets) {
                Origin origin = threads.get(thread);
                ExecutorService pool = origin == null || origin.pool() == null ? null : origin.pool().get();
                if (pool != null && !pools.contains(pool)) {
                    pools.add(pool);
                }
            }
        }
        pools.forEach(ExecutorService::shutdownNow);
        return pools.size();
    }

    private static void joinAll(List<Thread> threads, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Hands out the pool's threads and records each with the pool and the cell that made the pool. */
    private final class PoolThreads implements ThreadFactory {
        private final ThreadFactory delegate;
        private final int cell;
        /** Set once the pool exists; the pool makes no thread before it is used. */
        private volatile WeakReference<ExecutorService> pool = new WeakReference<>(null);

        PoolThreads(ThreadFactory delegate, int cell) {
            this.delegate = delegate;
            this.cell = cell;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = delegate.newThread(task);
            if (thread != null) {
                Origin origin = new Origin(cell, System.currentTimeMillis(), pool);
                synchronized (CellThreads.this) {
                    threads.put(thread, origin);
                }
            }
            return thread;
        }
    }
}
