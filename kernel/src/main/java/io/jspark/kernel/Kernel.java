package io.jspark.kernel;

import io.jspark.display.Renderer;
import io.jspark.display.RendererRegistry;
import io.jspark.display.monitor.MonitorDisplay;
import io.jspark.display.monitor.MonitorRenderer;
import io.jspark.kernel.api.CommManager;
import io.jspark.kernel.api.Notebook;
import io.jspark.kernel.cell.CellContext;
import io.jspark.kernel.cell.CellContexts;
import io.jspark.kernel.cell.CellInputStream;
import io.jspark.kernel.cell.CellOutput;
import io.jspark.kernel.cell.CellOutputStream;
import io.jspark.kernel.eval.CellInterrupted;
import io.jspark.kernel.eval.CellThreads;
import io.jspark.kernel.eval.JavaEvaluator;
import io.jspark.kernel.eval.NotebookThreadHooks;
import io.jspark.kernel.history.History;
import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.interpreter.LanguageInfo;
import io.jspark.kernel.magic.BuiltinMagics;
import io.jspark.kernel.magic.Magics;
import io.jspark.kernel.magic.MavenResolver;
import io.jspark.kernel.magic.ThreadMagics;
import io.jspark.kernel.protocol.ConnectionInfo;
import io.jspark.kernel.protocol.HmacSigner;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import io.jspark.kernel.server.KernelServer;
import io.jspark.kernel.spark.DatasetRenderer;
import io.jspark.kernel.spark.SparkMagics;
import io.jspark.kernel.spark.SparkRuntime;
import io.jspark.kernel.spark.SparkSettings;
import io.jspark.monitor.MonitorLimits;
import io.jspark.monitor.MonitorModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import sun.misc.Signal;

/**
 * Wires the kernel together and owns its life: sockets first (so kernel_info is answered at once),
 * then JShell warming up on the execution thread, then waiting for a shutdown request.
 */
public final class Kernel {
    private static final System.Logger LOG = System.getLogger(Kernel.class.getName());
    private static final String DEFAULT_IMPORTS = String.join("\n",
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.math.*;",
            "import java.nio.file.*;",
            "import java.time.*;",
            "import org.apache.spark.sql.*;",
            "import org.apache.spark.api.java.JavaSparkContext;",
            "import org.apache.spark.api.java.JavaRDD;",
            "import static io.jspark.kernel.api.Notebook.*;");

    /** Deep enough for recursive user code and Spark's query planner. */
    private static final long CELL_STACK_BYTES = 16L * 1024 * 1024;

    private final ConnectionInfo connection;
    private final KernelConfig config;
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);

    public Kernel(ConnectionInfo connection, KernelConfig config) {
        this.connection = connection;
        this.config = config;
    }

    /** Serves until a shutdown request arrives; then stops everything it started. */
    public void run() throws InterruptedException {
        String session = UUID.randomUUID().toString();
        WireCodec codec = new WireCodec(new HmacSigner(connection.key(), connection.signatureScheme()));
        KernelServer server = new KernelServer(connection, codec, session, config.maxMessageBytes());

        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        CellContexts contexts = new CellContexts();
        CellOutput output = new CellOutput(server.iopub(), contexts, config.outputLimit());
        System.setOut(CellOutputStream.printStream("stdout", output, contexts, originalOut));
        System.setErr(CellOutputStream.printStream("stderr", output, contexts, originalErr));
        CellInputStream input = new CellInputStream(server.stdin(), contexts);
        System.setIn(input);

        ThreadLocal<Message> commParent = new ThreadLocal<>();
        CommManager comms = new CommManager((type, content) -> {
            Message parent = commParent.get();
            if (parent == null) {
                CellContext cell = contexts.current();
                parent = cell == null ? null : cell.request();
            }
            server.iopub().publish(parent, type, Json.MAPPER.valueToTree(content));
        });
        RendererRegistry renderers = RendererRegistry.withDefaults();
        DatasetRenderer datasets = new DatasetRenderer(config.datasetRows());
        registerDatasetRenderer(renderers, datasets);
        CompletableFuture<CellRunner> runner = new CompletableFuture<>();
        KernelRuntime runtime = new KernelRuntime(server.iopub(), contexts, input, renderers, comms,
                () -> runner.join().spark());
        Notebook.install(runtime);

        // The listener bus thread writes the model, the display thread reads it and publishes on iopub.
        MonitorModel model = new MonitorModel(MonitorLimits.defaults());
        MonitorRenderer monitorRenderer = new MonitorRenderer(() -> runner.isDone() ? runner.join().spark().uiUrl() : null);
        MonitorDisplay monitorDisplay = new MonitorDisplay(model, monitorRenderer, runtime.monitorSink());
        monitorDisplay.start();

        Magics magics = new Magics();
        BuiltinMagics.registerAll(magics, new MavenResolver(config.mavenRepository()));
        CellThreads cellThreads = new CellThreads(() -> {
            CellContext cell = contexts.current();
            return cell == null ? 0 : cell.executionCount();
        });
        NotebookThreadHooks.watch(cellThreads);
        ThreadMagics.register(magics, cellThreads);
        Thread.setDefaultUncaughtExceptionHandler(Kernel::reportUncaught);

        ExecutorService cellThread = Executors.newSingleThreadExecutor(
                r -> new Thread(null, r, "jspark-cell", CELL_STACK_BYTES));
        StringBuilder startupProblems = new StringBuilder();
        cellThread.submit(() -> startEvaluator(runner, magics, runtime, startupProblems, model, monitorDisplay, datasets));

        History history = new History(config.historyFile());
        ExecuteRequests execute = new ExecuteRequests(server.iopub(), runner, cellThread, contexts, renderers, history);
        cellThread.submit(() -> execute.reportOnFirstCell(startupProblems.toString()));
        RequestDispatcher.KernelControl kernel = new RequestDispatcher.KernelControl() {
            @Override
            public LanguageInfo language() {
                return JavaEvaluator.LANGUAGE;
            }

            /** Called on the control thread, or by the SIGINT handler. */
            @Override
            public void interrupt() {
                CellRunner r = runner.getNow(null);
                if (r != null) {
                    r.interrupt();
                }
            }

            @Override
            public void shutdown(boolean restart) {
                shutdownRequested.countDown();
            }
        };
        server.start(new RequestDispatcher(server.iopub(), execute, new IntrospectionRequests(runner, magics),
                new CommRequests(server.iopub(), comms, commParent), new HistoryRequests(history), kernel));
        Signal.handle(new Signal("INT"), signal -> kernel.interrupt());
        LOG.log(System.Logger.Level.INFO, "kernel started on " + connection.address(connection.shellPort()));

        shutdownRequested.await();
        kernel.interrupt();
        // Cells still queued will never run: cancel them, so that the shell thread waiting for one returns.
        for (Runnable never : cellThread.shutdownNow()) {
            if (never instanceof java.util.concurrent.Future<?> future) {
                future.cancel(false);
            }
        }
        boolean cellEnded = cellThread.awaitTermination(2, TimeUnit.SECONDS);
        monitorDisplay.close();
        if (cellEnded) {
            runner.thenAccept(r -> {
                r.spark().stop();
                r.evaluator().close();
            });
        } else {
            // A cell that ignores interrupts still holds JShell; the JVM's exit ends it and Spark.
            LOG.log(System.Logger.Level.WARNING, "a cell did not stop; exiting without closing JShell");
        }
        server.stop();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Runs on the execution thread, before any cell. */
    private void startEvaluator(CompletableFuture<CellRunner> runner, Magics magics, KernelRuntime runtime,
            StringBuilder problems, MonitorModel model, MonitorDisplay monitorDisplay, DatasetRenderer datasets) {
        try {
            JavaEvaluator evaluator = new JavaEvaluator(config.compilerOptions());
            for (String entry : config.classpath()) {
                List<Path> paths = expandClasspathEntry(entry);
                if (paths.isEmpty()) {
                    problems.append("JSPARK_CLASSPATH: nothing matches ").append(entry).append('\n');
                }
                paths.forEach(evaluator::addToClasspath);
            }
            evaluator.eval(DEFAULT_IMPORTS, "startup");
            for (Path script : config.startupScripts()) {
                runStartupScript(evaluator, script, problems);
            }
            SparkRuntime spark = new SparkRuntime(SparkSettings.fromEnvironment(System.getenv()), model,
                    evaluator.classLoader(), evaluator.codeNames());
            SparkMagics.registerAll(magics, spark, datasets, monitorDisplay);
            runner.complete(new CellRunner(evaluator, magics, bundle -> runtime.display(bundle, null), spark, monitorDisplay));
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "JShell could not start", e);
            runner.completeExceptionally(e);
        }
    }

    /**
     * As the JVM reports a thread's uncaught exception, except for threads that %threads (or an
     * interrupt) stopped on purpose.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static void reportUncaught(Thread thread, Throwable e) {
        if (e instanceof CellInterrupted || e instanceof ThreadDeath) {
            return;
        }
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace(System.err);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerDatasetRenderer(RendererRegistry renderers, DatasetRenderer datasets) {
        renderers.register((Class) Dataset.class, (Renderer) datasets);
    }

    private static List<Path> expandClasspathEntry(String entry) {
        try {
            return BuiltinMagics.expandPattern(entry);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void runStartupScript(JavaEvaluator evaluator, Path script, StringBuilder problems) {
        try {
            EvalResult result = evaluator.eval(Files.readString(script), script.getFileName().toString());
            if (result instanceof EvalResult.Failed failed) {
                problems.append("Startup script ").append(script).append(" failed: ")
                        .append(failed.error().ename()).append(": ").append(failed.error().evalue()).append('\n');
            }
        } catch (IOException e) {
            problems.append("Startup script ").append(script).append(" cannot be read: ").append(e.getMessage()).append('\n');
        }
    }
}
