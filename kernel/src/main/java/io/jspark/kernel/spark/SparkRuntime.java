package io.jspark.kernel.spark;

import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.monitor.CellTag;
import io.jspark.monitor.JobMonitorListener;
import io.jspark.monitor.MonitorModel;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The kernel's SparkSession: started lazily by the first cell that uses it, on that cell's thread,
 * with the interpreter's class loader as context loader so that Spark (and local executors) load the
 * classes cells define. Tags each cell's jobs and cancels them on interrupt. A session that stopped
 * (a cell called {@code spark.stop()}, or Spark stopped after an internal error) is replaced by a new
 * one with the same settings when a cell next asks for it.
 */
public final class SparkRuntime {
    private static final System.Logger LOG = System.getLogger(SparkRuntime.class.getName());
    private static final String LOG4J_CONFIG = "jspark-log4j2.properties";
    private static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";
    private static final String LOCAL_DIR = "spark.local.dir";

    private final SparkSettings settings;
    private final MonitorModel model;
    private final Interpreter interpreter;
    private final java.util.function.UnaryOperator<String> codeNames;
    /** Jars already given to Spark; owned by the cell thread. */
    private final java.util.Set<String> sharedJars = new java.util.LinkedHashSet<>();
    /** Set when executors run in other JVMs; owned by the cell thread. */
    private ExecutorClassFolder classFolder;
    /** The private spark.local.dir, unless the user chose one; owned by the cell thread. */
    private KernelTempFolder scratch;
    /** How the last session numbered its jobs and stages, for the next one to go on; written while the cell thread waits for the start. */
    private SparkNumbering numbering;
    private final String modelKey = "jspark-" + UUID.randomUUID();
    /** Written at each start by the starter thread while the cell thread waits; read by the control thread to cancel jobs. */
    private volatile SparkSession session;
    /** Counts the sessions started, so that the cell thread sees when spark and sc need redefining. */
    private volatile int generation;
    private volatile JobMonitorListener listener;
    private volatile String currentTag;
    private volatile boolean monitoring = true;
    /** The cell running now, owned by the cell thread; a session started mid-cell tags its jobs too. */
    private String currentCellId;
    private int currentExecutionCount;

    /** The interpreter names cell code in what Spark reports (call sites, stage names, errors) and serves executors its classes. */
    public SparkRuntime(SparkSettings settings, MonitorModel model, Interpreter interpreter) {
        this.settings = settings;
        this.model = model;
        this.interpreter = interpreter;
        this.codeNames = interpreter.codeNames();
    }

    /** Points log4j2 at the kernel's configuration; must run before any Spark class logs. */
    public static void configureLogging() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:" + LOG4J_CONFIG);
        }
    }

    public SparkSettings settings() {
        return settings;
    }

    /** Whether a session was started, also one that stopped since. */
    public boolean isStarted() {
        return session != null;
    }

    /** Whether a session is started and not stopped. */
    public boolean isRunning() {
        return runningContext() != null;
    }

    /** The context of the session, or null when none was started or it stopped; any thread. */
    private SparkContext runningContext() {
        SparkSession s = session;
        return s == null || s.sparkContext().isStopped() ? null : s.sparkContext();
    }

    /** Whether the session was started and then stopped, by a cell or by Spark itself. */
    public boolean hasStopped() {
        return isStarted() && !isRunning();
    }

    /** Which session {@link #session()} returns; it changes when a stopped session is replaced. */
    public int generation() {
        return generation;
    }

    /** The running session; starts it on the calling (cell) thread if needed, or a new one if it stopped. */
    public synchronized SparkSession session() {
        if (hasStopped()) {
            LOG.log(System.Logger.Level.INFO, "the Spark session stopped; starting a new one");
        }
        if (!isRunning()) {
            start();
        }
        return session;
    }

    /** Stops the session if it runs and starts a new one with the same settings; on the cell thread. */
    public synchronized SparkSession restart() {
        SparkSession s = session;
        if (s != null) {
            s.stop();
        }
        start();
        return session;
    }

    private void start() {
        if (session != null) {
            // The jars go to the new context again; the listener Spark creates for it replaces the old.
            sharedJars.clear();
            JobMonitorListener.unregister(modelKey);
        }
        SparkConf conf = new SparkConf();
        for (Map.Entry<String, String> e : settings.sessionProperties().entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        String listeners = conf.get("spark.extraListeners", "");
        String ours = JobMonitorListener.class.getName();
        conf.set("spark.extraListeners", listeners.isBlank() ? ours : listeners + "," + ours);
        conf.set(JobMonitorListener.MODEL_KEY, modelKey);
        JobMonitorListener.register(modelKey, model, codeNames);
        // Executors in other JVMs load the classes cells define from here: Spark serves the folder.
        // In local mode the executor is this JVM and loads them through the interpreter's class loader.
        String master = conf.get("spark.master", "local[*]");
        String problem = SparkSettings.masterProblem(master, System.getenv());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        if (!conf.contains(LOCAL_DIR) && System.getenv("SPARK_LOCAL_DIRS") == null) {
            // Spark creates its scratch folders (blockmgr-*, userFiles-*) readable by all; a private
            // parent keeps the data in them from other users. Spark deletes what it made at stop.
            conf.set(LOCAL_DIR, scratchFolder().toString());
        }
        boolean remoteExecutors = !isLocal(master);
        if (remoteExecutors) {
            if (classFolder == null) {
                classFolder = ExecutorClassFolder.create(interpreter.executorSupport());
            }
            conf.set("spark.repl.class.outputDir", classFolder.path().toString());
            conf.set(EXECUTOR_JAVA_OPTIONS, ExecutorJavaOptions.withKernelFlags(conf.get(EXECUTOR_JAVA_OPTIONS, "")));
        }
        String loopback = LoopbackSparkConf.driverAddress(conf);
        SparkHostName.useFor(loopback);
        SparkConf sessionConf = loopback == null ? conf : new LoopbackSparkConf(loopback, conf);
        // Spark's own threads (scheduler, executor pools) are born while the context starts and inherit
        // the starting thread's thread-locals; starting on a thread without any keeps them from belonging
        // to the cell that happened to start Spark. The context class loader lets Spark load cell classes.
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread starter = new Thread(null, () -> {
            SparkContext context = null;
            try {
                // Given only properties, the builder would start the context from a plain SparkConf.
                context = SparkContext.getOrCreate(sessionConf);
                SparkNumbering next = SparkNumbering.of(context);
                if (numbering != null) {
                    next.continueFrom(numbering);
                }
                numbering = next;
                SparkSession started = SparkSession.builder().sparkContext(context).config(sessionConf).getOrCreate();
                listener = findListener(started.sparkContext());
                listener.setEnabled(monitoring);
                if (remoteExecutors) {
                    interpreter.executorSupport().sessionStarted(started.sparkContext().env());
                }
                session = started;
                generation++;
            } catch (Throwable t) {
                failure.set(t);
                // A half-set-up context would be handed back by the next getOrCreate.
                if (context != null) {
                    context.stop();
                }
            }
        }, "jspark-spark-start", 0, false);
        starter.setContextClassLoader(interpreter.classLoader());
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Spark was starting", e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Spark could not start: " + failure.get().getMessage(), failure.get());
        }
        if (currentCellId != null) {
            enterCell(currentCellId, currentExecutionCount);
        }
        LOG.log(System.Logger.Level.INFO, "Spark session started: " + describe());
    }

    private java.nio.file.Path scratchFolder() {
        if (scratch == null) {
            try {
                scratch = KernelTempFolder.create("scratch");
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create a scratch folder for Spark in "
                        + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
            }
        }
        return scratch.path();
    }

    private JobMonitorListener findListener(SparkContext sc) {
        JobMonitorListener created = JobMonitorListener.createdFor(modelKey);
        if (created != null) {
            return created;
        }
        // getOrCreate returned a context started before ours was configured: listen from now on.
        JobMonitorListener added = new JobMonitorListener(model, codeNames);
        sc.addSparkListener(added);
        return added;
    }

    /**
     * Gives Spark the jars that %maven and %jars added, so that executors load them too; called on the
     * cell thread after each magic and when the session starts. Folders of classes cannot be shipped.
     */
    public void shareJars(java.util.List<String> classpath) {
        SparkContext sc = runningContext();
        if (sc == null) {
            return;
        }
        for (String entry : classpath) {
            if (entry.endsWith(".jar") && sharedJars.add(entry)) {
                sc.addJar(entry);
            }
        }
    }

    private static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /** Called on the cell thread before each cell: its jobs carry the cell's id and count. */
    public void enterCell(String cellId, int executionCount) {
        currentCellId = cellId;
        currentExecutionCount = executionCount;
        SparkContext sc = runningContext();
        if (sc == null) {
            return;
        }
        String tag = CellTag.jobGroup(cellId);
        sc.setLocalProperty(CellTag.CELL_ID, cellId);
        sc.setLocalProperty(CellTag.EXECUTION_COUNT, Integer.toString(executionCount));
        sc.clearJobTags();
        sc.addJobTag(tag);
        sc.setInterruptOnCancel(true);
        currentTag = tag;
    }

    /** Cancels one job, if a session runs; Spark's message becomes "Job N cancelled " and the reason. Any thread. */
    public void cancelJob(int jobId, String reason) {
        SparkContext sc = runningContext();
        if (sc != null) {
            sc.cancelJob(jobId, reason);
        }
    }

    /** Cancels one stage and so the jobs that need it, if a session runs. Any thread. */
    public void cancelStage(int stageId, String reason) {
        SparkContext sc = runningContext();
        if (sc != null) {
            sc.cancelStage(stageId, reason);
        }
    }

    /** Cancels every job tagged with the cell, also those of threads it started. Any thread. */
    public void cancelCellJobs(String cellId) {
        SparkContext sc = runningContext();
        if (sc != null) {
            sc.cancelJobsWithTag(CellTag.jobGroup(cellId));
        }
    }

    /** The ids of the jobs Spark's status store has running; empty without a session. Any thread. */
    public java.util.Set<Integer> activeJobIds() {
        SparkContext sc = runningContext();
        if (sc == null) {
            return java.util.Set.of();
        }
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int id : sc.statusTracker().getActiveJobIds()) {
            ids.add(id);
        }
        return ids;
    }

    /** Called on the control thread: cancels the jobs of the cell that is running. */
    public void cancelCurrentCell() {
        SparkContext sc = runningContext();
        String tag = currentTag;
        if (sc != null && tag != null) {
            sc.cancelJobsWithTag(tag);
        }
    }

    /**
     * The base URL of the Spark UI as the user's browser reaches it, or null while there is none:
     * JSPARK_SPARK_UI_URL with {port} filled in (for jupyter-server-proxy, say "/proxy/{port}"),
     * else the address Spark binds, joined with spark.ui.proxyBase when that is set.
     */
    public String uiUrl() {
        SparkContext sc = runningContext();
        if (sc == null || sc.uiWebUrl().isEmpty()) {
            return null;
        }
        String bound = sc.uiWebUrl().get();
        String template = settings.uiUrlTemplate();
        if (template != null) {
            String port = bound.substring(bound.lastIndexOf(':') + 1);
            return stripSlash(template.replace("{port}", port));
        }
        String proxyBase = sc.conf().get("spark.ui.proxyBase", "");
        return stripSlash(proxyBase.isBlank() ? bound : bound + proxyBase);
    }

    /**
     * The executors this session asks its cluster for, as a cell waiting for them should say it
     * ("executors of 4g and 2 cores (spark.executor.memory, spark.executor.cores)"), or null in local
     * mode or without a running session; any thread.
     */
    public String executorRequest() {
        SparkContext sc = runningContext();
        if (sc == null || sc.isLocal()) {
            return null;
        }
        SparkConf conf = sc.conf();
        String perExecutor = conf.get("spark.executor.cores", null);
        String cores = perExecutor != null ? perExecutor + (perExecutor.equals("1") ? " core" : " cores")
                : sc.master().startsWith("spark://") ? "all of a worker's free cores" : "1 core";
        StringBuilder s = new StringBuilder();
        s.append(conf.contains("spark.executor.instances") ? conf.get("spark.executor.instances") + " executors" : "executors")
                .append(" of ").append(conf.get("spark.executor.memory", "1g")).append(" and ").append(cores)
                .append(" (spark.executor.memory, spark.executor.cores)");
        if (conf.contains("spark.cores.max")) {
            s.append(", at most ").append(conf.get("spark.cores.max")).append(" cores in all (spark.cores.max)");
        }
        if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            s.append(", with dynamic allocation");
        }
        return s.toString();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Switches the listener; remembered for a session that starts later. */
    public void setMonitoring(boolean on) {
        monitoring = on;
        JobMonitorListener l = listener;
        if (l != null) {
            l.setEnabled(on);
        }
    }

    /** Called on the cell thread when a cell ends: an interrupt from now on has no jobs of it to cancel. */
    public void exitCell() {
        currentTag = null;
    }

    public String describe() {
        SparkSession s = session;
        if (s == null) {
            return "not started; the first cell that uses spark or sc starts it with master " + settings.get("spark.master");
        }
        if (s.sparkContext().isStopped()) {
            return "stopped; the next cell that uses spark or sc starts a new session with master " + settings.get("spark.master");
        }
        SparkContext sc = s.sparkContext();
        String ui = sc.uiWebUrl().isDefined() ? sc.uiWebUrl().get() : "disabled";
        return "Spark " + sc.version() + ", master " + sc.master() + ", app " + sc.applicationId() + ", UI " + ui;
    }

    public void stop() {
        // The folder goes first: stopping a session on a cluster can outlast the time Jupyter gives a
        // kernel to shut down before killing it.
        if (classFolder != null) {
            classFolder.close();
        }
        SparkSession s = session;
        if (s != null) {
            s.stop();
        }
        JobMonitorListener.unregister(modelKey);
        if (scratch != null) {
            scratch.close();
        }
    }
}
