package io.jspark.kernel.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which cell the current thread works for. Set on the execution thread for each cell and inherited
 * by threads the cell starts, so their output lands under the cell that started them. Threads that
 * no cell started (pools created by the kernel, say) fall back to the cell that ran last.
 */
public final class CellContexts {
    private final InheritableThreadLocal<CellContext> inherited = new InheritableThreadLocal<>();
    private volatile CellContext latest;
    /** The cell running now, or null between cells. */
    private volatile CellContext executing;
    /** Run on the execution thread as each cell ends; registered while the kernel starts. */
    private final List<Consumer<CellContext>> exitListeners = new CopyOnWriteArrayList<>();

    /** Called on the execution thread when a cell starts. */
    public void enter(CellContext context) {
        inherited.set(context);
        latest = context;
        executing = context;
    }

    public void onExit(Consumer<CellContext> listener) {
        exitListeners.add(listener);
    }

    /** Called on the execution thread when a cell ends. */
    public void exit(CellContext context) {
        if (executing == context) {
            executing = null;
        }
        exitListeners.forEach(listener -> listener.accept(context));
    }

    public CellContext executing() {
        return executing;
    }

    public CellContext current() {
        CellContext own = inherited.get();
        return own != null ? own : latest;
    }
}
