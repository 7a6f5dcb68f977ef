package io.jspark.kernel.jshell;

import io.jspark.kernel.jvm.CellExit;
import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.CellErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns compile diagnostics and exceptions from JShell into what the user reads: positions in the
 * cell rather than in JShell's wrapper classes, and stack traces cut to the user's own code.
 */
final class ErrorFormatter {
    private static final String EXIT_CLASS = CellExit.class.getName();
    /** Frames shown where an exception was thrown, before library frames are folded. */
    private static final int THROWN_FRAMES = 2;
    /** The kernel's own frames (the notebook API's internals) say nothing to the user. */
    private static final String KERNEL_PACKAGE = "io.jspark.";

    /** Maps JShell's snippet file names ("#12") to where the snippet stands in the notebook. */
    private final Function<String, CodeLocation> locations;

    /** Lines of frames JShell did not translate (of exceptions thrown in Spark tasks, say), from the wrappers' sources. */
    private final CodeNames codeNames;

    ErrorFormatter(Function<String, CodeLocation> locations, CodeNames codeNames) {
        this.codeNames = codeNames;
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
            traceback.addAll(CellErrors.compileErrorAt(cellLabel, line, column, LineIndex.lineText(cellCode, offset)));
            message.lines()
                    .filter(l -> !l.strip().startsWith("location:"))
                    .forEach(traceback::add);
        }
        return CellErrors.compilationFailed(first, traceback, cellLabel);
    }

    CellError runtimeError(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            String what = unresolved.getSnippet().toString();
            String evalue = "this code uses a declaration that is not complete yet; define what it is missing first";
            return new CellError("UnresolvedReferenceException", evalue,
                    List.of(CellErrors.name("UnresolvedReferenceException") + ": " + evalue, "    " + what.strip()));
        }
        EvalException eval = (EvalException) exception;
        String className = eval.getExceptionClassName();
        if (EXIT_CLASS.equals(className)) {
            return CellErrors.systemExit(eval.getMessage());
        }
        List<String> traceback = new ArrayList<>();
        appendTrace(eval, traceback, "");
        traceback.add(CellErrors.traceHint());
        String message = eval.getMessage();
        return new CellError(className, message == null ? "" : CellErrors.firstLine(message), traceback);
    }

    /**
     * One exception of the chain: its message, the frames in the user's code, and the frames where
     * it was thrown; runs of library frames collapse to a count.
     */
    private void appendTrace(EvalException eval, List<String> out, String prefix) {
        EvalException cause = eval.getCause() instanceof EvalException c && c != eval ? c : null;
        CellErrors.appendMessage(out, prefix, eval.getExceptionClassName(), eval.getMessage(), cause == null);
        StackTraceElement[] frames = eval.getStackTrace();
        int hidden = 0;
        for (int i = 0; i < frames.length; i++) {
            boolean user = location(frames[i]) != null;
            if (frames[i].getClassName().startsWith(KERNEL_PACKAGE)) {
                continue;
            }
            if (user || i < THROWN_FRAMES) {
                if (hidden > 0) {
                    out.add(CellErrors.dim("    ... " + hidden + " frames in libraries"));
                    hidden = 0;
                }
                out.add("    at " + describe(frames[i]));
            } else {
                hidden++;
            }
        }
        if (hidden > 0) {
            out.add(CellErrors.dim("    ... " + hidden + " frames in libraries"));
        }
        if (cause != null) {
            appendTrace(cause, out, "Caused by: ");
        }
    }

    /** A throwable caught in the kernel itself (rendering a result, say), shown like a cell's exception. */
    static CellError thrown(Throwable t) {
        List<String> traceback = new ArrayList<>();
        String prefix = "";
        for (Throwable c = t; c != null; ) {
            Throwable cause = c.getCause() == c ? null : c.getCause();
            CellErrors.appendMessage(traceback, prefix, c.getClass().getName(), c.getMessage(), cause == null);
            prefix = "Caused by: ";
            c = cause;
        }
        return new CellError(t.getClass().getName(), t.getMessage() == null ? "" : CellErrors.firstLine(t.getMessage()), traceback);
    }

    /**
     * Where a frame stands in the notebook: JShell names the files of frames it translated "#id";
     * frames it did not translate (of exceptions thrown in Spark tasks, say) still carry the wrapper
     * class, which names the snippet but not the line.
     */
    private CodeLocation location(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file != null && file.startsWith("#")) {
            return locations.apply(file);
        }
        String className = frame.getClassName();
        if (className.startsWith("REPL.$JShell$")) {
            String rest = className.substring("REPL.$JShell$".length());
            int end = 0;
            while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
                end++;
            }
            CodeLocation wrapper = end == 0 ? null : locations.apply("#" + rest.substring(0, end));
            return wrapper == null ? null : new CodeLocation(wrapper.cellLabel(), -1);
        }
        return null;
    }

    private String describe(StackTraceElement frame) {
        CodeLocation location = location(frame);
        if (location == null) {
            return CellErrors.dim(frame.toString());
        }
        String where = location.firstLine() >= 0
                ? location.cellLabel() + ", line " + (location.firstLine() + Math.max(1, frame.getLineNumber()) - 1)
                : untranslatedLocation(frame, location.cellLabel());
        String method = frame.getMethodName();
        if (method.isEmpty() || method.equals("do_it$")) {
            return where;
        }
        String owner = userClassName(frame.getClassName());
        String name = method.startsWith("lambda$") ? "lambda" : method;
        return (owner.isEmpty() ? name : owner + "." + name) + " (" + where + ")";
    }

    /** A frame JShell did not translate still names its wrapper's source file and the line in it. */
    private String untranslatedLocation(StackTraceElement frame, String cellLabel) {
        String file = frame.getFileName();
        if (file == null || !file.endsWith(".java") || frame.getLineNumber() <= 0) {
            return cellLabel;
        }
        String named = codeNames.location(file.substring(0, file.length() - ".java".length()), frame.getLineNumber());
        return named == null ? cellLabel : named;
    }

    /** "REPL.$JShell$15$Point" is the user's class Point; "REPL.$JShell$12" is JShell's wrapper. */
    private static String userClassName(String className) {
        String simple = className.startsWith("REPL.") ? className.substring("REPL.".length()) : className;
        if (simple.startsWith("$JShell$")) {
            int nested = simple.indexOf('$', "$JShell$".length());
            String inner = nested < 0 ? "" : simple.substring(nested + 1);
            // Lambdas compile to "$JShell$17$$Lambda..." or serializable "$$50c8eba0" suffixes: not user names.
            return inner.isEmpty() || inner.startsWith("$") ? "" : inner.replace('$', '.');
        }
        return simple;
    }
}
