package io.jspark.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Turns compile diagnostics and exceptions from JShell into what the user reads: positions in the
 * cell rather than in JShell's wrapper classes, and stack traces cut to the user's own code.
 */
final class ErrorFormatter {
    private static final AttributedStyle NAME = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle CARET = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    private static final String EXIT_CLASS = CellExit.class.getName();

    /** Maps JShell's snippet file names ("#12") to where the snippet stands in the notebook. */
    private final Function<String, CodeLocation> locations;

    ErrorFormatter(Function<String, CodeLocation> locations) {
        this.locations = locations;
    }

    CellError compileError(List<Diag> diags, CellSnippet snippet, String cellCode, String cellLabel) {
        List<String> traceback = new ArrayList<>();
        String first = null;
        for (Diag diag : diags) {
            if (!diag.isError()) {
                continue;
            }
            String message = diag.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            long position = diag.getPosition() >= 0 ? diag.getPosition() : diag.getStartPosition();
            int offset = snippet.offset() + (int) Math.max(0, position);
            int line = LineIndex.lineOf(cellCode, offset);
            int column = LineIndex.columnOf(cellCode, offset);
            traceback.add(styled(NAME, "CompilationError") + ": " + cellLabel + ", line " + line + ", column " + column);
            traceback.add("    " + LineIndex.lineText(cellCode, offset));
            traceback.add("    " + " ".repeat(Math.max(0, column - 1)) + styled(CARET, "^"));
            message.lines()
                    .filter(l -> !l.strip().startsWith("location:"))
                    .forEach(traceback::add);
        }
        if (first == null) {
            first = "the code was rejected";
            traceback.add(styled(NAME, "CompilationError") + ": " + cellLabel + ": " + first);
        }
        return new CellError("CompilationError", first, traceback);
    }

    CellError runtimeError(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            String what = unresolved.getSnippet().toString();
            String evalue = "this code uses a declaration that is not complete yet; define what it is missing first";
            return new CellError("UnresolvedReferenceException", evalue,
                    List.of(styled(NAME, "UnresolvedReferenceException") + ": " + evalue, "    " + what.strip()));
        }
        EvalException eval = (EvalException) exception;
        String className = eval.getExceptionClassName();
        if (EXIT_CLASS.equals(className)) {
            String evalue = eval.getMessage() + ": the kernel keeps running with all its state."
                    + " To start afresh, restart the kernel.";
            return new CellError("SystemExit", evalue, List.of(styled(NAME, "SystemExit") + ": " + evalue));
        }
        List<String> traceback = new ArrayList<>();
        appendTrace(eval, traceback, "");
        String message = eval.getMessage();
        return new CellError(className, message == null ? "" : message, traceback);
    }

    private void appendTrace(EvalException eval, List<String> out, String prefix) {
        String message = eval.getMessage();
        out.add(prefix + styled(NAME, eval.getExceptionClassName()) + (message == null ? "" : ": " + message));
        for (StackTraceElement frame : eval.getStackTrace()) {
            out.add("    at " + describe(frame));
        }
        if (eval.getCause() instanceof EvalException cause && cause != eval) {
            appendTrace(cause, out, "Caused by: ");
        }
    }

    private String describe(StackTraceElement frame) {
        String file = frame.getFileName();
        CodeLocation location = file != null && file.startsWith("#") ? locations.apply(file) : null;
        if (location == null) {
            return styled(DIM, frame.toString());
        }
        String where = location.cellLabel() + ", line " + (location.firstLine() + Math.max(1, frame.getLineNumber()) - 1);
        String method = frame.getMethodName();
        if (method.isEmpty() || method.equals("do_it$")) {
            return where;
        }
        String owner = userClassName(frame.getClassName());
        String name = method.startsWith("lambda$") ? "lambda" : method;
        return (owner.isEmpty() ? name : owner + "." + name) + " (" + where + ")";
    }

    /** "REPL.$JShell$15$Point" is the user's class Point; "REPL.$JShell$12" is JShell's wrapper. */
    private static String userClassName(String className) {
        String simple = className.startsWith("REPL.") ? className.substring("REPL.".length()) : className;
        if (simple.startsWith("$JShell$")) {
            int nested = simple.indexOf('$', "$JShell$".length());
            return nested < 0 ? "" : simple.substring(nested + 1).replace('$', '.');
        }
        return simple;
    }

    private static String styled(AttributedStyle style, String text) {
        return new AttributedStringBuilder().style(style).append(text).style(AttributedStyle.DEFAULT).toAnsi();
    }
}
