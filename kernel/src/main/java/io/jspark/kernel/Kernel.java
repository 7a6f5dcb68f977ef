package io.jspark.kernel;

import io.jspark.display.Renderer;
import io.jspark.display.RendererRegistry;
import io.jspark.display.monitor.MonitorDisplay;
import io.jspark.display.monitor.MonitorRenderer;
import io.jspark.kernel.api.CommManager;
import io.jspark.kernel.api.Notebook;
import io.jspark.kernel.cancel.CancelButtons;
import io.jspark.kernel.cell.CellRequests;
import io.jspark.kernel.cell.CellStreams;
import io.jspark.kernel.history.History;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.interpreter.LanguageInfo;
import io.jspark.kernel.jvm.CellInterrupted;
import io.jspark.kernel.jvm.CellThreads;
import io.jspark.kernel.jvm.NotebookThreadHooks;
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
import io.jspark.kernel.session.CellContext;
import io.jspark.kernel.session.CellContexts;
import io.jspark.kernel.session.CellRunner;
import io.jspark.kernel.session.CellThread;
import io.jspark.kernel.session.InterpreterStartup;
import io.jspark.kernel.spark.DatasetRenderer;
import io.jspark.kernel.spark.SparkMagics;
import io.jspark.kernel.spark.SparkRuntime;
import io.jspark.kernel.spark.SparkSettings;
import io.jspark.kernel.widgets.Controls;
import io.jspark.monitor.MonitorLimits;
import io.jspark.monitor.MonitorModel;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.Dataset;
import sun.misc.Signal;

/**
 * Wires the kernel together and owns its life, in steps: the sockets first (so kernel_info is
 * answered at once), the cells' streams and the notebook API, the monitor, the magics, then the
 * session starting on the cell thread while requests are served, until a shutdown request.
 */
public final class Kernel {
    private static final System.Logger LOG = System.getLogger(Kernel.class.getName());

    private final ConnectionInfo connection;
    private final KernelConfig config;
    private final Language language;
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);
    private final CellContexts contexts = new CellContexts();
    private final CellRequests requests = new CellRequests(contexts);
    private final CellThread cells = new CellThread();
    private final InterpreterStartup startup = new InterpreterStartup();
    private boolean interpreterStarting;
    private final RendererRegistry renderers;
    /** The parent of comm messages sent while a comm request is handled on the shell thread, or the cancel buttons' cell. */
    private final ThreadLocal<Message> commParent = new ThreadLocal<>();
    private final boolean interruptOnSigint;

    /** A kernel whose SIGINT interrupts the running cell, as Jupyter's signal interrupt mode expects. */
    public Kernel(ConnectionInfo connection, KernelConfig config, Language language) {
        this(connection, config, language, true);
    }

    /** With {@code interruptOnSigint} false, SIGINT is left to whoever embeds the kernel (a terminal). */
    public Kernel(ConnectionInfo connection, KernelConfig config, Language language, boolean interruptOnSigint) {
        this.connection = connection;
        this.config = config;
        this.language = language;
        this.interruptOnSigint = interruptOnSigint;
        this.renderers = RendererRegistry.withDefaults(language.plainText());
    }

    /**
     * Starts the session's interpreter on the cell thread; by itself, the longest step of a kernel's
     * start (JShell's first compile opens every jar of the class path), so the caller starts it first
     * and the rest of the start overlaps it. {@link #run} calls it when the caller did not. Called on
     * the thread that runs the kernel.
     */
    public void startInterpreter() {
        if (!interpreterStarting) {
            interpreterStarting = true;
            cells.submit(() -> {
                startup.start(language, config.compilerOptions(), config.classpath());
                return null;
            });
        }
    }

    /** Serves until a shutdown request arrives; then stops everything it started. */
    public void run() throws InterruptedException {
        startInterpreter();
        KernelServer server = connect();
        CellStreams streams = CellStreams.install(server, contexts, requests, config.outputLimit());
        CommManager comms = comms(server);
        KernelRuntime runtime = new KernelRuntime(server.iopub(), requests, streams.input(), renderers, comms,
                () -> cells.runner().spark());
        Notebook.install(runtime);

        // The listener bus thread writes the model, the display thread reads it and publishes on iopub.
        MonitorModel model = new MonitorModel(MonitorLimits.defaults());
        MonitorDisplay monitor = new MonitorDisplay(model, new MonitorRenderer(this::sparkUiUrl, this::executorRequest), runtime.monitorSink());
        monitor.start();
        Optional<CancelButtons> cancelButtons = Optional.ofNullable(config.widgets()).map(protocol ->
                new CancelButtons(model, new Controls(comms, protocol), runtime.monitorSink(), sparkCanceller(), this::underCell));
        cancelButtons.ifPresent(CancelButtons::start);

        Magics magics = magics();
        DatasetRenderer datasets = datasetRenderer();
        cells.start(() -> startSession(magics, model, monitor, cancelButtons, datasets, runtime));

        History history = new History(config.historyFile());
        ExecuteRequests execute = new ExecuteRequests(server.iopub(), cells, contexts, requests, renderers, history);
        cells.submit(() -> {
            execute.reportOnFirstCell(startup.problems());
            return null;
        });
        RequestDispatcher.KernelControl control = control();
        server.start(new RequestDispatcher(server.iopub(), execute, new IntrospectionRequests(cells, magics),
                new CommRequests(server.iopub(), comms, commParent), new HistoryRequests(history), control));
        if (interruptOnSigint) {
            Signal.handle(new Signal("INT"), signal -> cells.interrupt());
        }
        LOG.log(System.Logger.Level.INFO, "kernel started on " + connection.address(connection.shellPort()));

        shutdownRequested.await();
        cancelButtons.ifPresent(CancelButtons::close);
        stop(server, monitor, streams);
    }

    private KernelServer connect() {
        WireCodec codec = new WireCodec(new HmacSigner(connection.key(), connection.signatureScheme()));
        return new KernelServer(connection, codec, UUID.randomUUID().toString(), config.maxMessageBytes());
    }

    /** Comm messages go under the comm request being handled, else under the cell that sends them. */
    private CommManager comms(KernelServer server) {
        return new CommManager((type, content, metadata) -> {
            Message parent = commParent.get();
            server.iopub().publish(parent != null ? parent : requests.current(), type, Json.MAPPER.valueToTree(content),
                    Json.MAPPER.valueToTree(metadata));
        });
    }

    /** What the cancel buttons ask of Spark, from their thread and the shell thread; nothing before a session starts. */
    private CancelButtons.Spark sparkCanceller() {
        return new CancelButtons.Spark() {
            @Override
            public void cancelJob(int jobId, String reason) {
                CellRunner runner = cells.runnerIfStarted();
                if (runner != null) {
                    runner.spark().cancelJob(jobId, reason);
                }
            }

            @Override
            public void cancelStage(int stageId, String reason) {
                CellRunner runner = cells.runnerIfStarted();
                if (runner != null) {
                    runner.spark().cancelStage(stageId, reason);
                }
            }

            @Override
            public void cancelCellJobs(String cellId) {
                CellRunner runner = cells.runnerIfStarted();
                if (runner != null) {
                    runner.spark().cancelCellJobs(cellId);
                }
            }

            @Override
            public java.util.Set<Integer> activeJobIds() {
                CellRunner runner = cells.runnerIfStarted();
                return runner == null ? java.util.Set.of() : runner.spark().activeJobIds();
            }
        };
    }

    /** Runs the action with the cell's request as the parent of the comm messages it sends, on any thread. */
    private void underCell(String cellId, Runnable action) {
        Message previous = commParent.get();
        Message request = requests.requestOf(cellId);
        commParent.set(request != null ? request : previous);
        try {
            action.run();
        } finally {
            if (previous == null) {
                commParent.remove();
            } else {
                commParent.set(previous);
            }
        }
    }

    private Magics magics() {
        Magics magics = new Magics();
        BuiltinMagics.registerAll(magics, new MavenResolver(config.mavenRepository()));
        CellThreads cellThreads = new CellThreads(() -> {
            CellContext cell = contexts.current();
            return cell == null ? 0 : cell.executionCount();
        });
        NotebookThreadHooks.watch(cellThreads);
        ThreadMagics.register(magics, cellThreads);
        Thread.setDefaultUncaughtExceptionHandler(Kernel::reportUncaught);
        return magics;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private DatasetRenderer datasetRenderer() {
        DatasetRenderer datasets = new DatasetRenderer(config.datasetRows());
        renderers.register((Class) Dataset.class, (Renderer) datasets);
        return datasets;
    }

    /** Runs on the cell thread, after the interpreter's start and before any cell. */
    private CellRunner startSession(Magics magics, MonitorModel model, MonitorDisplay monitor,
            Optional<CancelButtons> cancelButtons, DatasetRenderer datasets, KernelRuntime runtime) {
        Interpreter interpreter = startup.finish(config.startupScripts());
        SparkRuntime spark = new SparkRuntime(SparkSettings.fromEnvironment(System.getenv()), model, interpreter);
        SparkMagics.registerAll(magics, spark, datasets, on -> {
            monitor.setEnabled(on);
            cancelButtons.ifPresent(buttons -> buttons.setEnabled(on));
        });
        return new CellRunner(interpreter, language, magics, spark, monitor, cancelButtons,
                bundle -> runtime.display(bundle, null));
    }

    private String sparkUiUrl() {
        CellRunner runner = cells.runnerIfStarted();
        return runner == null ? null : runner.spark().uiUrl();
    }

    private String executorRequest() {
        CellRunner runner = cells.runnerIfStarted();
        return runner == null ? null : runner.spark().executorRequest();
    }

    private RequestDispatcher.KernelControl control() {
        return new RequestDispatcher.KernelControl() {
            @Override
            public LanguageInfo language() {
                return language.info();
            }

            /** Called on the control thread. */
            @Override
            public void interrupt() {
                cells.interrupt();
            }

            @Override
            public void shutdown(boolean restart) {
                shutdownRequested.countDown();
            }
        };
    }

    private void stop(KernelServer server, MonitorDisplay monitor, CellStreams streams) throws InterruptedException {
        boolean cellEnded = cells.stop();
        monitor.close();
        if (cellEnded) {
            cells.closeSession();
        } else {
            // A cell that ignores interrupts still holds the interpreter; the JVM's exit ends it and Spark.
            LOG.log(System.Logger.Level.WARNING, "a cell did not stop; exiting without closing the interpreter");
        }
        server.stop();
        streams.restore();
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
}
