package io.jspark.kernel.cell;

import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.session.CellContext;
import io.jspark.kernel.session.CellContexts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The execute request each recent cell runs for: its output, displays and input requests are
 * addressed to it. Cells are opened on the shell's request thread and looked up from any thread.
 */
public final class CellRequests {
    /** Enough for the monitor's late updates, which name their cell by id. */
    private static final int REMEMBERED_IDS = 500;

    private final CellContexts contexts;
    /**
     * As long as something holds the cell: a thread it started holds it for its whole life, so its
     * output stays under its cell however many cells ran since.
     */
    private final Map<CellContext, Message> byCell = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<String, Message> byId = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Message> eldest) {
            return size() > REMEMBERED_IDS;
        }
    });

    public CellRequests(CellContexts contexts) {
        this.contexts = contexts;
    }

    /** The cell that runs {@code request}; its id is the request's msg_id. */
    public CellContext open(Message request, int executionCount, boolean allowStdin) {
        CellContext cell = new CellContext(request.msgId(), executionCount, allowStdin);
        byCell.put(cell, request);
        byId.put(cell.id(), request);
        return cell;
    }

    /** The request of a cell, or null for null. */
    public Message requestOf(CellContext cell) {
        return cell == null ? null : byCell.get(cell);
    }

    /** The request of one of the last 500 cells by its id, or null. */
    public Message requestOf(String cellId) {
        return byId.get(cellId);
    }

    /** The request of the cell the calling thread works for (see {@link CellContexts#current()}), or null. */
    public Message current() {
        return requestOf(contexts.current());
    }
}
