package io.jspark.kernel.scalarepl;

import io.jspark.display.MimeBundle;
import io.jspark.kernel.interpreter.Binding;
import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.CellErrors;
import io.jspark.kernel.interpreter.Completeness;
import io.jspark.kernel.interpreter.Completion;
import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.interpreter.ExecutorSupport;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.jvm.CellInterrupted;
import io.jspark.kernel.jvm.NotebookRuntimeHooks;
import io.jspark.kernel.jvm.StuckCellStopper;
import io.jspark.kernel.spark.KernelTempFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;

/**
 * Evaluates Scala with Scala's own interpreter (IMain, through {@link ReplSession}) in the kernel's
 * JVM, with class-based wrappers as spark-shell uses. Cells, completion and inspection come from the
 * cell thread or the shell's request thread, never at once (the methods are synchronized);
 * {@link #interrupt()} comes from the control thread.
 */
public final class ScalaInterpreter implements Interpreter {
    private static final System.Logger LOG = System.getLogger(ScalaInterpreter.class.getName());
    /**
     * The package prefix of cells' classes, IMain's own: Spark's encoders find the outer instance of a
     * case class a cell defines by it ($lineN.$read), and JShell's classes live in package REPL.
     */
    static final String LINE_PREFIX = "$line";
    /** Of what an interrupted cell did not define, the names an error lists before "and N more". */
    private static final int NOT_RUN_NAMES_SHOWN = 8;

    private final ReplSession repl;
    private final KernelTempFolder outputDir;
    private final CellClasses cellClasses;
    private final ScalaCodeNames codeNames = new ScalaCodeNames(LINE_PREFIX);
    private final ScalaErrors errors = new ScalaErrors(codeNames);
    private final Set<String> classpath = new LinkedHashSet<>();
    /** The cell thread while a cell's own code runs (not the compiler); read by the control thread. */
    private volatile Thread runningCode;
    private volatile boolean interruptRequested;
    /**
     * True while a cell's eval runs: the execution wrapper also runs for what the kernel asks of the
     * interpreter itself (bindings, the types inspection compiles), which interrupts must not touch.
     */
    private volatile boolean evaluating;
    /** Counts cells, so that a late watchdog does not stop the next one. */
    private volatile long evaluation;
    /** Owned by the cell thread. */
    private String lastTrace = "";
    /** What the cell would have defined, when an interrupt stopped it before its code ran; owned by the cell thread. */
    private List<String> notRunDefinitions;
    /** The cell being evaluated, for the execution wrapper; owned by the cell thread. */
    private String currentCode = "";
    private String currentLabel = "";

    private ScalaInterpreter(List<String> compilerOptions, KernelTempFolder outputDir) {
        this.outputDir = outputDir;
        this.cellClasses = new CellClasses(outputDir.path(), LINE_PREFIX);
        ClassLoader parent = ScalaInterpreter.class.getClassLoader();
        this.repl = new ReplSession(System.getProperty("java.class.path"), outputDir.path().toFile(), compilerOptions, parent,
                this::enterCode, this::leaveCode);
    }

    /** Starts IMain on the calling thread; takes a second or two, the compiler's own warm-up. */
    static ScalaInterpreter start(List<String> compilerOptions) {
        KernelTempFolder folder;
        try {
            folder = KernelTempFolder.create("classes");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the Scala cells' classes", e);
        }
        try {
            return new ScalaInterpreter(compilerOptions, folder);
        } catch (RuntimeException | Error e) {
            folder.close();
            throw e;
        }
    }

    /** Runs on the cell thread inside the execution wrapper, once the cell's classes are compiled. */
    private void enterCode() {
        cellClasses.defineNew(repl.classLoader(), repl.executingPackage());
        if (!evaluating) {
            return;
        }
        codeNames.record(repl.executingLines(currentCode), currentLabel);
        // Spark's encoders and Java serialization load cell classes by name, also while the result renders.
        Thread.currentThread().setContextClassLoader(repl.classLoader());
        NotebookRuntimeHooks.clearStop();
        runningCode = Thread.currentThread();
        // Interrupted while the compiler worked (it is never stopped itself): the code does not run,
        // and IMain keeps nothing of a request that did not run.
        if (interruptRequested) {
            runningCode = null;
            notRunDefinitions = repl.executingDefinitions();
            throw new CellInterrupted();
        }
    }

    private void leaveCode() {
        runningCode = null;
        NotebookRuntimeHooks.clearStop();
    }

    void importQuietly(String imports) {
        ReplOutcome outcome = repl.eval(imports);
        if (!outcome.status().equals("ok")) {
            throw new IllegalStateException("Scala rejected the default imports: " + outcome.messages().stream()
                    .map(ReplMessage::message).findFirst().orElse(outcome.status()));
        }
    }

    @Override
    public synchronized EvalResult eval(String code, String cellLabel) {
        interruptRequested = false;
        notRunDefinitions = null;
        evaluation++;
        if (code.isBlank()) {
            return new EvalResult.Ok(false, null);
        }
        currentCode = code;
        currentLabel = cellLabel;
        ReplOutcome outcome;
        evaluating = true;
        try {
            outcome = repl.eval(code);
        } finally {
            evaluating = false;
            // IMain restores the loader it found once the code ran; the result renders next, and Spark's
            // encoders find a case class's outer scope ($lineN.$read$) through the context loader.
            Thread.currentThread().setContextClassLoader(repl.classLoader());
        }
        boolean interrupted = interruptRequested;
        interruptRequested = false;
        switch (outcome.status()) {
            case "ok" -> {
                outcome.echo().forEach(line -> System.out.println(codeNames.apply(ScalaNames.unmangle(line))));
                return interrupted ? interrupted() : new EvalResult.Ok(outcome.hasValue(), outcome.value());
            }
            case "incomplete" -> {
                return new EvalResult.Failed(CellError.of("IncompleteInput",
                        "the cell ends inside a statement: a closing bracket, parenthesis or quote is missing"));
            }
            default -> {
                Throwable thrown = outcome.thrown();
                if (thrown == null) {
                    return interrupted ? interrupted() : new EvalResult.Failed(errors.compileError(outcome.messages(), outcome.lines(), code, cellLabel));
                }
                // What an interrupt makes blocking calls throw varies (InterruptedException, or a socket's own).
                if (notRunDefinitions != null) {
                    return new EvalResult.Failed(notRun(notRunDefinitions));
                }
                if (interrupted || thrown instanceof CellInterrupted || thrown instanceof ThreadDeath) {
                    return interrupted();
                }
                lastTrace = CellErrors.traceOf(thrown);
                LOG.log(System.Logger.Level.INFO, "exception in " + cellLabel, thrown);
                return new EvalResult.Failed(errors.thrown(thrown));
            }
        }
    }

    /** The interrupt came while the cell compiled: none of it ran, so the user learns what it did not define. */
    static CellError notRun(List<String> definitions) {
        String message = "the cell was interrupted while it compiled, so none of it ran";
        if (!definitions.isEmpty()) {
            int shown = Math.min(definitions.size(), NOT_RUN_NAMES_SHOWN);
            String more = shown < definitions.size() ? " and " + (definitions.size() - shown) + " more" : "";
            message += "; not defined: " + String.join(", ", definitions.subList(0, shown)) + more
                    + " (run the cell again to define them)";
        }
        return CellError.of("Interrupted", message + "; earlier cells' definitions are intact");
    }

    private static EvalResult interrupted() {
        return new EvalResult.Failed(CellError.interrupted());
    }

    /** {@code @transient}, as spark-shell binds them, so that closures do not drag the session along. */
    @Override
    public synchronized EvalResult bind(Binding binding) {
        currentCode = "";
        currentLabel = "kernel";
        ReplOutcome outcome = repl.bind(binding.name(), binding.type().getName(), binding.value(), true);
        if (!outcome.status().equals("ok")) {
            return new EvalResult.Failed(CellError.of("BindingFailed", "could not declare " + binding.name()));
        }
        if (binding.value() instanceof SparkSession) {
            // As spark-shell: a session's implicits (toDF, toDS, $"col") come with it.
            ReplOutcome imported = repl.eval("import " + binding.name() + ".implicits._");
            if (!imported.status().equals("ok")) {
                return new EvalResult.Failed(CellError.of("BindingFailed", "could not import " + binding.name() + ".implicits._"));
            }
        }
        return new EvalResult.Ok(false, null);
    }

    @Override
    public synchronized Completion complete(String code, int cursor) {
        List<String> found = repl.complete(code, cursor);
        int start = identifierStart(code, cursor);
        List<String> matches = new ArrayList<>(new LinkedHashSet<>(found.subList(1, found.size())));
        return new Completion(matches, matches.isEmpty() ? cursor : start, cursor);
    }

    /**
     * Names the kernel binds later (spark and sc before the session starts) are declared ahead of the
     * code on a line of their own, the session's implicits imported with it as when it is bound, so
     * that their members and {@code toDS()} complete; nothing runs.
     */
    @Override
    public synchronized Completion complete(String code, int cursor, Map<String, Class<?>> unbound) {
        StringBuilder prelude = new StringBuilder();
        unbound.forEach((name, type) -> {
            if (!repl.isDefined(name)) {
                prelude.append("val ").append(name).append(": _root_.").append(type.getCanonicalName()).append(" = null; ");
                if (SparkSession.class.isAssignableFrom(type)) {
                    prelude.append("import ").append(name).append(".implicits._; ");
                }
            }
        });
        if (prelude.isEmpty()) {
            return complete(code, cursor);
        }
        prelude.append('\n');
        Completion shifted = complete(prelude + code, cursor + prelude.length());
        int start = Math.max(0, shifted.start() - prelude.length());
        return new Completion(shifted.matches(), shifted.matches().isEmpty() ? cursor : start, cursor);
    }

    private static int identifierStart(String code, int cursor) {
        int start = cursor;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    /**
     * The signatures of what the identifier under the cursor names, or else the type of the
     * expression it ends: compiled, never run.
     */
    @Override
    public synchronized Optional<MimeBundle> inspect(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        String expression = ScalaExpressions.endingAt(code, end);
        if (expression.isBlank()) {
            return Optional.empty();
        }
        List<String> signatures = repl.signatures(code.substring(0, end), end);
        if (!signatures.isEmpty()) {
            return Optional.of(MimeBundle.text(String.join("\n", signatures)));
        }
        String type = repl.typeOf(expression);
        return type.isEmpty() ? Optional.empty() : Optional.of(MimeBundle.text(expression + ": " + type));
    }

    @Override
    public synchronized Completeness completeness(String code) {
        return switch (repl.completeness(code)) {
            case "complete" -> new Completeness.Complete();
            case "incomplete" -> new Completeness.Incomplete("  ".repeat(Math.max(1, ScalaExpressions.openDepth(code))));
            default -> new Completeness.Invalid();
        };
    }

    @Override
    public synchronized boolean addToClasspath(Path entry) {
        String path = entry.toAbsolutePath().normalize().toString();
        if (!classpath.add(path)) {
            return false;
        }
        URL url;
        try {
            url = Path.of(path).toUri().toURL();
        } catch (MalformedURLException e) {
            classpath.remove(path);
            throw new IllegalArgumentException("not a class path entry: " + path, e);
        }
        try {
            repl.addToClasspath(new URL[] {url});
        } catch (RuntimeException e) {
            // Scala 2.12 re-reads every entry when the class path grows and fails on one deleted since;
            // the new entry is on the class path by then, only packages already loaded are not refreshed.
            LOG.log(System.Logger.Level.WARNING, "the Scala compiler did not refresh its class path after adding " + path, e);
        }
        return true;
    }

    @Override
    public synchronized List<String> addedClasspath() {
        return List.copyOf(classpath);
    }

    @Override
    public ClassLoader classLoader() {
        return repl.classLoader();
    }

    @Override
    public ExecutorSupport executorSupport() {
        return new ExecutorSupport() {
            @Override
            public void exportClassesTo(Path folder) {
                cellClasses.exportTo(folder);
            }

            @Override
            public void sessionStarted(SparkEnv env) {
            }
        };
    }

    @Override
    public UnaryOperator<String> codeNames() {
        return codeNames;
    }

    @Override
    public CellError failure(Throwable t) {
        lastTrace = CellErrors.traceOf(t);
        return errors.thrown(t);
    }

    @Override
    public CellError renderingFailure(Throwable t) {
        lastTrace = CellErrors.traceOf(t);
        LOG.log(System.Logger.Level.INFO, "showing a cell's result failed", t);
        return CellErrors.renderingFailure(t, errors::where);
    }

    @Override
    public String lastTrace() {
        return lastTrace;
    }

    /**
     * Called on the control thread. Cell code sees the stop at its next loop iteration and blocking
     * calls see the interrupt; the compiler is never stopped mid-work (that could corrupt it), only
     * code of the cell's that ignores both, with Thread.stop where the JDK still has it.
     */
    @Override
    public void interrupt() {
        if (!evaluating) {
            return;
        }
        interruptRequested = true;
        Thread target = runningCode;
        if (target == null) {
            return;
        }
        long stopping = evaluation;
        NotebookRuntimeHooks.requestStop(target);
        target.interrupt();
        StuckCellStopper.stopLater(target, () -> runningCode == target && evaluation == stopping);
    }

    @Override
    public synchronized void close() {
        try {
            repl.close();
        } finally {
            outputDir.close();
        }
    }
}
