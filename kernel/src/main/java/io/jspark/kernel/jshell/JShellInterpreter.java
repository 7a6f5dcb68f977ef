package io.jspark.kernel.jshell;

import io.jspark.display.MimeBundle;
import io.jspark.kernel.interpreter.Binding;
import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.CellErrors;
import io.jspark.kernel.interpreter.Completeness;
import io.jspark.kernel.interpreter.Completion;
import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.interpreter.ExecutorSupport;
import io.jspark.kernel.interpreter.Interpreter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Evaluates Java with JShell inside the kernel's JVM. One instance lives as long as the kernel.
 * Cells run on the execution thread; completion and inspection come from the shell's request thread,
 * which waits while a cell runs, so JShell is never used by two threads at once (the methods are
 * synchronized besides). {@link #interrupt()} is the one method the control thread calls.
 */
public final class JShellInterpreter implements Interpreter {
    private static final System.Logger LOG = System.getLogger(JShellInterpreter.class.getName());
    /** Cells between fresh compiler contexts (see SnippetTrimmer): rare enough that one slower compile does not show. */
    private static final int CELLS_PER_COMPILER_CONTEXT = 250;

    private final NotebookClassLoader classLoader;
    private final JShellExecutorSupport executorSupport;
    /** Tells this interpreter's bound values from another's in {@link BoundValues}. */
    private final String bindingKey = java.util.UUID.randomUUID().toString();
    private final NotebookExecutionControl control;
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final JShellIntrospection introspection;
    private final Map<String, CodeLocation> locations = new ConcurrentHashMap<>();
    private final CodeNames codeNames = new CodeNames();
    /** Null where JShell's internals are closed to the kernel. */
    private final SnippetTrimmer trimmer;
    /** Null where JShell's internals are closed to the kernel: then every cell imports every declaration. */
    private final DeclarationImports imports;
    /** Owned by the cell thread. */
    private int cellsInCompilerContext;
    private final ErrorFormatter errors = new ErrorFormatter(locations::get, codeNames);
    private final Set<String> classpath = new LinkedHashSet<>();
    private volatile boolean interruptRequested;
    /** Owned by the cell thread: set around each of JShell's evals. */
    private RunningSnippet running;
    /** The full trace of the last exception a cell threw, for %trace; owned by the execution thread. */
    private String lastTrace = "";

    public JShellInterpreter(List<String> compilerOptions) {
        this.classLoader = new NotebookClassLoader(JShellInterpreter.class.getClassLoader());
        this.control = new NotebookExecutionControl(classLoader);
        this.executorSupport = new JShellExecutorSupport(classLoader);
        this.shell = JShell.builder()
                .executionEngine(NotebookExecutionControl.providerFor(control), Map.of())
                .compilerOptions(compilerOptions.toArray(String[]::new))
                .fileManager(ListingCacheFileManager::new)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        this.introspection = new JShellIntrospection(analysis);
        this.trimmer = SnippetTrimmer.of(shell);
        this.imports = DeclarationImports.of(shell);
        control.beforeRun(this::recordRunningSnippet);
    }

    /**
     * Records the wrapper of the snippet about to run, so that the Spark jobs it starts are named after
     * its cell and line while it runs, not only once JShell's eval returns. Called on the cell thread
     * inside eval; the snippet JShell is running is the newest with that wrapper class.
     */
    private void recordRunningSnippet(String className) {
        RunningSnippet current = running;
        if (current == null) {
            return;
        }
        List<Snippet> all = shell.snippets().toList();
        for (int i = all.size() - 1; i >= 0 && i >= all.size() - 8; i--) {
            SourceCodeAnalysis.SnippetWrapper wrapper = analysis.wrapper(all.get(i));
            if (wrapper.fullClassName().equals(className)) {
                codeNames.record(all.get(i).id(), wrapper, current.cellLabel(), current.startLine());
                return;
            }
        }
    }

    /** Naming code for the monitor and for errors is a courtesy: it never fails a cell. */
    private static void recordWrapper(Runnable record) {
        try {
            record.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not record a snippet's wrapper", e);
        }
    }

    /** The snippet of a cell that the cell thread is evaluating, and the cell line its source starts on. */
    private record RunningSnippet(String cellLabel, int startLine) {
    }

    @Override
    public NotebookClassLoader classLoader() {
        return classLoader;
    }

    @Override
    public ExecutorSupport executorSupport() {
        return executorSupport;
    }

    /** Rewrites JShell's class and file names in texts (Spark's call sites, say) to the cells and lines they came from. */
    @Override
    public CodeNames codeNames() {
        return codeNames;
    }

    /** Jars and folders added to the session, in the order they were added. */
    @Override
    public synchronized List<String> addedClasspath() {
        return List.copyOf(classpath);
    }

    @Override
    public synchronized boolean addToClasspath(Path entry) {
        String path = entry.toAbsolutePath().normalize().toString();
        if (!classpath.add(path)) {
            return false;
        }
        shell.addToClasspath(path);
        return true;
    }

    /**
     * A declaration whose initializer takes the value from {@link BoundValues}; it replaces an earlier
     * one of that name. The holder is reached through a cast of null, a type context, because a
     * qualified name in an expression would be hidden by any user variable named like its first part
     * ({@code int io = 3;}); the static call needs no instance.
     */
    @Override
    public synchronized EvalResult bind(Binding binding) {
        String key = bindingKey + ":" + binding.name();
        BoundValues.offer(key, binding.value());
        String type = binding.type().getCanonicalName();
        try {
            return eval(type + " " + binding.name() + " = (" + type + ") ((" + BoundValues.class.getName()
                    + ") null).take(\"" + key + "\");", "kernel");
        } finally {
            BoundValues.take(key);
        }
    }

    /** Runs Java code of one cell; {@code cellLabel} names the cell in messages, e.g. {@code cell [3]}. */
    @Override
    public synchronized EvalResult eval(String code, String cellLabel) {
        List<Snippet> evaluated = new ArrayList<>();
        try {
            return eval(code, cellLabel, evaluated);
        } finally {
            if (trimmer != null) {
                evaluated.forEach(trimmer::trim);
                if (++cellsInCompilerContext >= CELLS_PER_COMPILER_CONTEXT) {
                    trimmer.freshCompiler();
                    cellsInCompilerContext = 0;
                }
            }
        }
    }

    /** Adds each snippet JShell compiled (the cell's own and earlier ones it recompiled) to {@code evaluated}. */
    private EvalResult eval(String code, String cellLabel, List<Snippet> evaluated) {
        interruptRequested = false;
        control.clearPendingStop();
        List<CellSnippet> snippets = CellSplitter.split(analysis, code);
        boolean hasValue = false;
        Object value = null;
        for (CellSnippet cellSnippet : snippets) {
            // Stack frames count lines from the snippet's first code line, diagnostics from its first char.
            int firstCodeLine = LineIndex.lineOf(code, cellSnippet.offset() + leadingWhitespace(cellSnippet.source()));
            int startLine = LineIndex.lineOf(code, cellSnippet.offset());
            running = new RunningSnippet(cellLabel, startLine);
            List<SnippetEvent> events;
            try {
                events = imports == null ? shell.eval(cellSnippet.source())
                        : imports.evaluate(cellSnippet.source(), () -> shell.eval(cellSnippet.source()));
            } finally {
                running = null;
            }
            events.forEach(event -> evaluated.add(event.snippet()));
            Object snippetValue = control.takeLastValue();
            Throwable thrown = control.takeLastFailure();
            hasValue = false;
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    // A definition of an earlier cell that JShell recompiled (into a new wrapper) because this one changed what it uses.
                    if (event.status().isDefined()) {
                        recordWrapper(() -> codeNames.recompiled(event.snippet().id(), analysis.wrapper(event.snippet())));
                    }
                    continue;
                }
                Snippet snippet = event.snippet();
                locations.put("#" + snippet.id(), new CodeLocation(cellLabel, firstCodeLine));
                if (interruptRequested) {
                    return interrupted();
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    return new EvalResult.Failed(errors.compileError(
                            shell.diagnostics(snippet).toList(), cellSnippet, code, cellLabel));
                }
                recordWrapper(() -> codeNames.record(snippet.id(), analysis.wrapper(snippet), cellLabel, startLine));
                if (event.exception() != null) {
                    if (thrown != null) {
                        lastTrace = CellErrors.traceOf(thrown);
                        LOG.log(System.Logger.Level.INFO, "exception in " + cellLabel, thrown);
                    }
                    return new EvalResult.Failed(errors.runtimeError(event.exception()));
                }
                if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                        || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    warnUnresolved((DeclarationSnippet) snippet);
                }
                hasValue = isExpression(snippet);
                value = snippetValue;
                dropIfTemporary(snippet);
            }
        }
        if (interruptRequested) {
            return interrupted();
        }
        if (endsWithSemicolon(code)) {
            hasValue = false;
        }
        return new EvalResult.Ok(hasValue, hasValue ? value : null);
    }

    private static int leadingWhitespace(String source) {
        int i = 0;
        while (i < source.length() && Character.isWhitespace(source.charAt(i))) {
            i++;
        }
        return i;
    }

    /** As in IPython, a cell whose last expression ends with ';' shows no result. */
    private static boolean endsWithSemicolon(String code) {
        return code.stripTrailing().endsWith(";");
    }

    /**
     * An expression leaves JShell a temporary variable ($1, $2...) that every later snippet's source
     * imports, so keeping them makes each cell cost more memory and compile time than the one before.
     * The cell's value is already taken; nothing else reaches the variable, so it goes.
     */
    private void dropIfTemporary(Snippet snippet) {
        if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND && shell.status(snippet).isActive()) {
            shell.drop(snippet);
        }
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private void warnUnresolved(DeclarationSnippet snippet) {
        List<String> missing = shell.unresolvedDependencies(snippet).toList();
        System.err.println("Note: " + snippet.subKind().name().toLowerCase().replace("_subkind", "").replace('_', ' ')
                + " '" + snippet.name() + "' can be used once these are declared: " + String.join(", ", missing));
    }

    private static EvalResult interrupted() {
        return new EvalResult.Failed(CellError.interrupted());
    }

    @Override
    public CellError failure(Throwable t) {
        lastTrace = CellErrors.traceOf(t);
        return ErrorFormatter.thrown(t);
    }

    @Override
    public CellError renderingFailure(Throwable t) {
        lastTrace = CellErrors.traceOf(t);
        LOG.log(System.Logger.Level.INFO, "showing a cell's result failed", t);
        return CellErrors.renderingFailure(t, frame -> frame.getClassName().startsWith("REPL.") ? codeNames.apply(frame.toString()) : null);
    }

    @Override
    public String lastTrace() {
        return lastTrace;
    }

    /** Called on the control thread: stops the running cell, if any. */
    @Override
    public void interrupt() {
        interruptRequested = true;
        shell.stop();
    }

    @Override
    public synchronized Completion complete(String code, int cursor) {
        return introspection.complete(code, cursor, Map.of());
    }

    @Override
    public synchronized Completion complete(String code, int cursor, Map<String, Class<?>> unbound) {
        return introspection.complete(code, cursor, unbound);
    }

    @Override
    public synchronized Optional<MimeBundle> inspect(String code, int cursor) {
        return introspection.inspect(code, cursor);
    }

    @Override
    public synchronized Completeness completeness(String code) {
        return introspection.completeness(code);
    }

    @Override
    public synchronized void close() {
        try {
            shell.close();
        } finally {
            classLoader.discardClassFiles();
        }
    }
}
