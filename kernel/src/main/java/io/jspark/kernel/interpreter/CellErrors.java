package io.jspark.kernel.interpreter;

import io.jspark.display.Text;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** What every interpreter reports the same way. */
public final class CellErrors {
    private static final int MAX_MESSAGE = 300;

    private CellErrors() {
    }

    /** The trace as Java prints it, for %trace. */
    public static String traceOf(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** A throwable from showing a cell's result (a toString, say); {@code where} names the cell code it came from, or is null. */
    public static CellError renderingFailure(Throwable t, String where) {
        String evalue = (t.getMessage() == null ? "" : Text.firstLine(t.getMessage(), MAX_MESSAGE) + " ")
                + "while showing the cell's result" + (where == null ? "" : ", in " + where);
        return new CellError(t.getClass().getName(), evalue,
                List.of(t.getClass().getSimpleName() + ": " + evalue, "(%trace shows the full stack trace)"));
    }
}
