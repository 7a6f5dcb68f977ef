package io.jspark.kernel.session;

import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.magic.BuiltinMagics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a session's interpreter on the cell thread, before any cell, in two steps: the language's own
 * start and the user's class path entries as early as the kernel can (the longest part of a kernel's
 * start, so it overlaps the binding of the sockets), then, once cells' output and the notebook API
 * are in place, the user's startup scripts. What went wrong on the way is kept for the first cell to
 * show, since no frontend is listening yet. Owned by the cell thread.
 */
public final class InterpreterStartup {
    private final StringBuilder problems = new StringBuilder();
    private Interpreter interpreter;
    /** A RuntimeException or an Error, rethrown by finish. */
    private Throwable startFailure;

    /** {@code classpath} may hold globs. Keeps what the start throws for {@link #finish}. */
    public void start(Language language, List<String> compilerOptions, List<String> classpath) {
        try {
            interpreter = language.start(compilerOptions);
        } catch (RuntimeException | Error e) {
            startFailure = e;
            return;
        }
        for (String entry : classpath) {
            List<Path> paths = expand(entry);
            if (paths.isEmpty()) {
                problems.append("JSPARK_CLASSPATH: nothing matches ").append(entry).append('\n');
            }
            paths.forEach(interpreter::addToClasspath);
        }
    }

    /** After {@link #start}: runs {@code scripts}, files of code in the session's language; throws what the start threw. */
    public Interpreter finish(List<Path> scripts) {
        if (startFailure instanceof Error e) {
            throw e;
        }
        if (startFailure != null) {
            throw (RuntimeException) startFailure;
        }
        for (Path script : scripts) {
            run(interpreter, script);
        }
        return interpreter;
    }

    /** Lines for the first cell's stderr, or "". */
    public String problems() {
        return problems.toString();
    }

    private static List<Path> expand(String entry) {
        try {
            return BuiltinMagics.expandPattern(entry);
        } catch (IOException e) {
            return List.of();
        }
    }

    private void run(Interpreter interpreter, Path script) {
        try {
            EvalResult result = interpreter.eval(Files.readString(script), script.getFileName().toString());
            if (result instanceof EvalResult.Failed failed) {
                problems.append("Startup script ").append(script).append(" failed: ")
                        .append(failed.error().ename()).append(": ").append(failed.error().evalue()).append('\n');
            }
        } catch (IOException e) {
            problems.append("Startup script ").append(script).append(" cannot be read: ").append(e.getMessage()).append('\n');
        }
    }
}
