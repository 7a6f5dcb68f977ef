package io.jspark.kernel.jvm;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What rewritten notebook code calls when it starts a thread or makes a pool of {@link Executors},
 * so the kernel knows which cell started which thread; and the threads {@code %threads} is stopping.
 * Statics are forced here, as for {@link NotebookRuntimeHooks}. Each {@code new...} method stands in
 * for the {@code Executors} method of the same name and descriptor.
 */
public final class NotebookThreadHooks {
    static final String OWNER = NotebookThreadHooks.class.getName().replace('.', '/');
    /** Name and descriptor of each Executors method a hook stands in for. */
    static final Set<String> EXECUTORS_METHODS = Stream.of(NotebookThreadHooks.class.getDeclaredMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("new"))
            .map(NotebookThreadHooks::nameAndDescriptor)
            .collect(Collectors.toUnmodifiableSet());

    /** Set once while the kernel starts. */
    private static volatile StartedThreads started = StartedThreads.NONE;
    /** Threads being stopped; written by %threads on the cell thread, read by the stopping threads themselves. */
    private static final Set<Thread> stopping = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** Whether {@link #stopping} has any thread: the one read notebook loops pay while nothing is stopped. */
    private static volatile boolean stopsPending;

    private NotebookThreadHooks() {
    }

    public static void watch(StartedThreads threads) {
        started = threads;
    }

    /** Called before every {@code start()} in notebook code, with its receiver, which may be no thread at all. */
    public static void starting(Object receiver) {
        if (receiver instanceof Thread thread && thread.getState() == Thread.State.NEW) {
            started.starting(thread);
        }
    }

    /** Stands in for a method reference to {@code Thread::start}. */
    public static void start(Thread thread) {
        starting(thread);
        thread.start();
    }

    public static ExecutorService newFixedThreadPool(int threads) {
        return newFixedThreadPool(threads, Executors.defaultThreadFactory());
    }

    public static ExecutorService newFixedThreadPool(int threads, ThreadFactory factory) {
        return started.pool(f -> Executors.newFixedThreadPool(threads, f), factory);
    }

    public static ExecutorService newCachedThreadPool() {
        return newCachedThreadPool(Executors.defaultThreadFactory());
    }

    public static ExecutorService newCachedThreadPool(ThreadFactory factory) {
        return started.pool(Executors::newCachedThreadPool, factory);
    }

    public static ExecutorService newSingleThreadExecutor() {
        return newSingleThreadExecutor(Executors.defaultThreadFactory());
    }

    public static ExecutorService newSingleThreadExecutor(ThreadFactory factory) {
        return started.pool(Executors::newSingleThreadExecutor, factory);
    }

    public static ScheduledExecutorService newScheduledThreadPool(int threads) {
        return newScheduledThreadPool(threads, Executors.defaultThreadFactory());
    }

    public static ScheduledExecutorService newScheduledThreadPool(int threads, ThreadFactory factory) {
        return started.pool(f -> Executors.newScheduledThreadPool(threads, f), factory);
    }

    public static ScheduledExecutorService newSingleThreadScheduledExecutor() {
        return newSingleThreadScheduledExecutor(Executors.defaultThreadFactory());
    }

    public static ScheduledExecutorService newSingleThreadScheduledExecutor(ThreadFactory factory) {
        return started.pool(Executors::newSingleThreadScheduledExecutor, factory);
    }

    /** Notebook code on these threads ends at its next backward jump (see {@link NotebookRuntimeHooks#checkInterrupt}). */
    static void stop(Collection<Thread> threads) {
        synchronized (stopping) {
            stopping.addAll(threads);
            stopsPending = true;
        }
    }

    static void forget(Collection<Thread> threads) {
        synchronized (stopping) {
            stopping.removeAll(threads);
            stopsPending = !stopping.isEmpty();
        }
    }

    static boolean stopping(Thread thread) {
        return stopsPending && stopping.contains(thread);
    }

    private static String nameAndDescriptor(Method method) {
        return method.getName() + org.objectweb.asm.Type.getMethodDescriptor(method);
    }
}
