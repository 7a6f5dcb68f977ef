package io.jspark.kernel.cell;

import io.jspark.kernel.server.IOPub;
import io.jspark.kernel.session.CellContext;
import io.jspark.kernel.session.CellContexts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stdout and stderr text of every cell on its way to iopub, within a limit per cell for both
 * streams together. Any thread may call it; budgets are kept for recent cells, so a thread that
 * outlives its cell stays within its cell's budget.
 */
public final class CellOutput {
    private static final int REMEMBERED = 500;

    private final IOPub iopub;
    private final CellRequests requests;
    private final long limit;
    /** Budgets by cell id; the map is synchronized, each budget guards itself. */
    private final Map<String, OutputBudget> budgets = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OutputBudget> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** Tells the note at the end of each cell; {@code limit} is in bytes of UTF-8. */
    public CellOutput(IOPub iopub, CellContexts contexts, CellRequests requests, long limit) {
        this.iopub = iopub;
        this.requests = requests;
        this.limit = limit;
        contexts.onExit(this::ended);
    }

    /** How many of {@code length} bytes that {@code cell} writes may be shown. */
    int admit(CellContext cell, int length) {
        OutputBudget budget = budget(cell);
        int admitted = budget.admit(length);
        if (admitted < length) {
            note(cell, budget.note(false));
        }
        return admitted;
    }

    void send(CellContext cell, String name, String text) {
        iopub.stream(requests.requestOf(cell), name, text);
    }

    /** Called on the execution thread when a cell ends, after its last flush. */
    private void ended(CellContext cell) {
        note(cell, budget(cell).note(true));
    }

    private void note(CellContext cell, String note) {
        if (note != null) {
            iopub.stream(requests.requestOf(cell), "stderr", note);
        }
    }

    private OutputBudget budget(CellContext cell) {
        return budgets.computeIfAbsent(cell.id(), id -> new OutputBudget(limit));
    }
}
