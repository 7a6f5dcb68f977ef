package io.jspark.kernel.scalarepl;

import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.CellErrors;
import io.jspark.kernel.jvm.CellExit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the Scala compiler's messages and cells' exceptions into what the user reads: cell lines
 * instead of the lines of IMain's generated wrappers, and traces cut to the cells' own code.
 * Called on the cell thread, or any thread that formats a trace.
 */
final class ScalaErrors {
    /** Library frames shown where an exception was thrown, before the cell's own. */
    private static final int THROWN_FRAMES = 2;
    /** The kernel's own frames (the notebook API's internals) say nothing to the user. */
    private static final String KERNEL_PACKAGE = "io.jspark.";

    private final ScalaCodeNames codeNames;

    ScalaErrors(ScalaCodeNames codeNames) {
        this.codeNames = codeNames;
    }

    CellError compileError(List<ReplMessage> messages, ReplLines lines, String code, String cellLabel) {
        List<String> traceback = new ArrayList<>();
        String first = null;
        String[] codeLines = code.split("\n", -1);
        for (ReplMessage message : messages) {
            if (!message.error()) {
                continue;
            }
            if (first == null) {
                first = message.message().lines().findFirst().orElse(message.message());
            }
            int line = lines == null ? message.line() : lines.cellLine(message.line());
            if (line >= 1 && line <= codeLines.length) {
                traceback.addAll(CellErrors.compileErrorAt(cellLabel, line, Math.max(1, message.column()), codeLines[line - 1]));
            } else {
                traceback.add(CellErrors.compileErrorIn(cellLabel));
            }
            message.message().lines().forEach(traceback::add);
        }
        return CellErrors.compilationFailed(first, traceback, cellLabel);
    }

    /** An exception a cell threw: its message, the frames of cells' code by cell and line, causes. */
    CellError thrown(Throwable t) {
        if (t instanceof CellExit exit) {
            return CellErrors.systemExit(exit.getMessage());
        }
        List<String> traceback = new ArrayList<>();
        Optional<String> unserializable = UnserializableValue.explain(t, codeNames);
        if (unserializable.isPresent()) {
            traceback.add(CellErrors.name("Task not serializable") + ": " + unserializable.get());
            appendFrames(traceback, t.getStackTrace());
            traceback.add(CellErrors.dim("(%trace shows the full stack trace and the serialization path)"));
            return new CellError(t.getClass().getName(), unserializable.get(), traceback);
        }
        String prefix = "";
        for (Throwable c = t; c != null; ) {
            Throwable cause = c.getCause() == c ? null : c.getCause();
            String message = c.getMessage() == null ? null : codeNames.apply(ScalaNames.unmangle(c.getMessage()));
            CellErrors.appendMessage(traceback, prefix, ScalaNames.unmangle(c.getClass().getName()), message, cause == null);
            appendFrames(traceback, c.getStackTrace());
            prefix = "Caused by: ";
            c = cause;
        }
        traceback.add(CellErrors.traceHint());
        String evalue = t.getMessage() == null ? "" : messageOf(t);
        return new CellError(ScalaNames.unmangle(t.getClass().getName()), evalue, traceback);
    }

    private String messageOf(Throwable t) {
        return codeNames.apply(ScalaNames.unmangle(CellErrors.firstLine(t.getMessage())));
    }

    private void appendFrames(List<String> traceback, StackTraceElement[] frames) {
        int library = 0;
        boolean inCell = false;
        String previous = null;
        for (StackTraceElement frame : frames) {
            String where = where(frame);
            if (where != null) {
                if (!where.equals(previous)) {
                    traceback.add("    at " + where);
                }
                previous = where;
                inCell = true;
                // The cell's top level: what called it is the interpreter's machinery.
                if (isWrapperCode(frame.getMethodName())) {
                    return;
                }
            } else if (inCell) {
                // Past the cell's own frames: the interpreter's machinery that ran it.
                return;
            } else if (!frame.getClassName().startsWith(KERNEL_PACKAGE) && library++ < THROWN_FRAMES) {
                traceback.add(CellErrors.dim("    at " + frame));
            }
        }
    }

    /** "method (cell [4], line 2)" for a frame of cell code; null for other code. */
    String where(StackTraceElement frame) {
        String className = frame.getClassName();
        ScalaCodeNames.Compiled cell = codeNames.cellOf(className);
        if (cell == null) {
            return null;
        }
        String location = cell.location(frame.getLineNumber());
        String method = frame.getMethodName();
        return isWrapperCode(method) ? location
                : userName(className.substring(className.indexOf('.') + 1), method) + " (" + location + ")";
    }

    /** The wrappers' constructors run a cell's top-level statements; $print runs the wrappers. */
    private static boolean isWrapperCode(String method) {
        return method.equals("<init>") || method.equals("<clinit>") || method.startsWith("$print") || method.startsWith("$anonfun$$print");
    }

    /** "$read$$iw$Point" and "boom" give "Point.boom"; methods of the wrapper itself give their own name. */
    private static String userName(String className, String method) {
        String[] parts = className.split("\\$");
        String owner = "";
        for (String part : parts) {
            if (!part.isEmpty() && !part.equals("read") && !part.equals("iw") && !part.matches("\\d+")) {
                owner = part;
            }
        }
        String name = method.startsWith("$anonfun$") ? "lambda" : method;
        return owner.isEmpty() ? name : owner + "." + name;
    }
}
