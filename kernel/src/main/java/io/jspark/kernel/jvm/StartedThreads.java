package io.jspark.kernel.jvm;

import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/** Told by notebook code's rewritten calls about the threads and thread pools it starts. */
public interface StartedThreads {
    /** Before a cell's code starts {@code thread}, on the thread that starts it. */
    void starting(Thread thread);

    /** Makes a pool whose threads come from {@code factory}, through {@code make}, and keeps track of both. */
    <P> P pool(Function<ThreadFactory, P> make, ThreadFactory factory);

    StartedThreads NONE = new StartedThreads() {
        @Override
        public void starting(Thread thread) {
        }

        @Override
        public <P> P pool(Function<ThreadFactory, P> make, ThreadFactory factory) {
            return make.apply(factory);
        }
    };
}
