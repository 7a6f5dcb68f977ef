package io.jspark.kernel.interpreter;

import io.jspark.display.Text;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** What every interpreter reports the same way, in the same style. */
public final class CellErrors {
    private static final AttributedStyle NAME = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final int MAX_MESSAGE = 300;
    private static final String COMPILATION_ERROR = "CompilationError";

    private CellErrors() {
    }

    /** The trace as Java prints it, for %trace. */
    public static String traceOf(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** An exception's or error's name, as tracebacks show it. */
    public static String name(String text) {
        return styled(NAME, text);
    }

    /** What matters less: library frames, hints. */
    public static String dim(String text) {
        return styled(DIM, text);
    }

    /** The last line of a short traceback. */
    public static String traceHint() {
        return dim("(%trace shows the full stack trace)");
    }

    /** The first line of a message, cut to a length a traceback line can show. */
    public static String firstLine(String message) {
        return Text.firstLine(message, MAX_MESSAGE);
    }

    /**
     * The name and message of one exception of the chain. The root cause's message is shown whole up
     * to a bound, for Spark writes its advice below the first line; the wrappers' first lines name them.
     */
    public static void appendMessage(List<String> out, String prefix, String className, String message, boolean rootCause) {
        String header = prefix + name(className);
        if (message == null) {
            out.add(header);
        } else if (!rootCause) {
            out.add(header + ": " + firstLine(message));
        } else {
            MessageExcerpt excerpt = MessageExcerpt.of(message);
            out.add(header + ": " + excerpt.first());
            out.addAll(excerpt.rest());
            if (excerpt.cut()) {
                out.add(dim("… (message cut; %trace shows all of it)"));
            }
        }
    }

    /** Where a compile error is: a header naming the cell, line and column, the line, and a caret under the column. */
    public static List<String> compileErrorAt(String cellLabel, int line, int column, String lineText) {
        return List.of(name(COMPILATION_ERROR) + ": " + cellLabel + ", line " + line + ", column " + column,
                "    " + lineText,
                "    " + " ".repeat(Math.max(0, column - 1)) + name("^"));
    }

    /** A compile error whose place is not known. */
    public static String compileErrorIn(String cellLabel) {
        return name(COMPILATION_ERROR) + ": " + cellLabel;
    }

    /** The cell's compile errors, {@code first} being the first error's first line, or null when the compiler gave no message. */
    public static CellError compilationFailed(String first, List<String> traceback, String cellLabel) {
        List<String> lines = new ArrayList<>(traceback);
        String evalue = first;
        if (evalue == null) {
            evalue = "the code was rejected";
            lines.add(compileErrorIn(cellLabel) + ": " + evalue);
        }
        return new CellError(COMPILATION_ERROR, evalue, lines);
    }

    /** A cell called System.exit (or sys.exit); {@code message} is what the exit hook said. */
    public static CellError systemExit(String message) {
        String evalue = message + ": the kernel keeps running with all its state. To start afresh, restart the kernel.";
        return new CellError("SystemExit", evalue, List.of(name("SystemExit") + ": " + evalue));
    }

    /**
     * A throwable from showing a cell's result (a toString, say), placed at the first frame
     * {@code where} names (cell code), if any.
     */
    public static CellError renderingFailure(Throwable t, Function<StackTraceElement, String> where) {
        String place = null;
        for (StackTraceElement frame : t.getStackTrace()) {
            place = where.apply(frame);
            if (place != null) {
                break;
            }
        }
        String evalue = (t.getMessage() == null ? "" : firstLine(t.getMessage()) + " ")
                + "while showing the cell's result" + (place == null ? "" : ", in " + place);
        return new CellError(t.getClass().getName(), evalue,
                List.of(t.getClass().getSimpleName() + ": " + evalue, "(%trace shows the full stack trace)"));
    }

    private static String styled(AttributedStyle style, String text) {
        return new AttributedStringBuilder().style(style).append(text).style(AttributedStyle.DEFAULT).toAnsi();
    }
}
