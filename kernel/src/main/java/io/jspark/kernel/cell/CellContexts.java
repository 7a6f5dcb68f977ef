package io.jspark.kernel.cell;

/**
 * Which cell the current thread works for. Set on the execution thread for each cell and inherited
 * by threads the cell starts, so their output lands under the cell that started them. Threads that
 * no cell started (pools created by the kernel, say) fall back to the cell that ran last.
 */
public final class CellContexts {
    private final InheritableThreadLocal<CellContext> inherited = new InheritableThreadLocal<>();
    private volatile CellContext latest;

    /** Called on the execution thread when a cell starts. */
    public void enter(CellContext context) {
        inherited.set(context);
        latest = context;
    }

    public CellContext current() {
        CellContext own = inherited.get();
        return own != null ? own : latest;
    }
}
