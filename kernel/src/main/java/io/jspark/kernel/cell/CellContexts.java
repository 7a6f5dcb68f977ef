package io.jspark.kernel.cell;

/**
 * Which cell the current thread works for. Set on the execution thread for each cell and inherited
 * by threads the cell starts, so their output lands under the cell that started them. Threads that
 * no cell started (pools created by the kernel, say) fall back to the cell that ran last.
 */
public final class CellContexts {
    private static final int REMEMBERED = 500;

    private final InheritableThreadLocal<CellContext> inherited = new InheritableThreadLocal<>();
    private volatile CellContext latest;
    /** Recent cells by msg_id, for output that arrives after its cell ended (Spark jobs of a background thread). */
    private final java.util.Map<String, CellContext> recent = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, CellContext> eldest) {
                    return size() > REMEMBERED;
                }
            });

    /** Called on the execution thread when a cell starts. */
    public void enter(CellContext context) {
        inherited.set(context);
        latest = context;
        executing = context;
        recent.put(context.request().msgId(), context);
    }

    /** The cell running now, or null between cells. */
    private volatile CellContext executing;

    /** Run on the execution thread as each cell ends; registered while the kernel starts. */
    private final java.util.List<java.util.function.Consumer<CellContext>> exitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void onExit(java.util.function.Consumer<CellContext> listener) {
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

    /** A recent cell by the msg_id of its execute request, or null. */
    public CellContext find(String msgId) {
        return recent.get(msgId);
    }

    public CellContext current() {
        CellContext own = inherited.get();
        return own != null ? own : latest;
    }
}
