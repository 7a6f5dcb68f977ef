package io.jspark.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import scala.collection.JavaConverters;

/**
 * Feeds Spark's listener events into a {@link MonitorModel}. Runs on Spark's listener bus thread:
 * it reads what it needs out of each event and makes one O(1) model call, never blocking, so
 * Spark's event queue does not back up because of it. When disabled it returns at once.
 */
public final class JobMonitorListener extends SparkListener {
    /** The SparkConf key naming the model that a listener created by Spark (spark.extraListeners) feeds. */
    public static final String MODEL_KEY = "spark.jspark.monitor.model";
    private static final int MAX_TEXT = 2000;
    private static final java.util.regex.Pattern CANCELLED = java.util.regex.Pattern.compile("Job \\d+ cancelled");
    /**
     * Spark creates extra listeners by class name before the bus starts, which is the only way to see
     * the events posted while the SparkContext starts (the driver's executor among them). The kernel
     * registers its model here under the key it puts in the SparkConf.
     */
    private static final Map<String, Registration> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, JobMonitorListener> CREATED_BY_SPARK = new ConcurrentHashMap<>();

    private final MonitorModel model;
    private final UnaryOperator<String> codeNames;
    private volatile boolean enabled = true;

    public JobMonitorListener(MonitorModel model) {
        this(model, UnaryOperator.identity());
    }

    /**
     * {@code codeNames} rewrites the texts Spark derives from the driver's stack (call sites, stage
     * names, SQL descriptions, failure reasons) so that they name code as its author wrote it rather
     * than as an interpreter compiled it; it runs on the listener bus thread and must be thread-safe.
     */
    public JobMonitorListener(MonitorModel model, UnaryOperator<String> codeNames) {
        this.model = model;
        this.codeNames = codeNames;
    }

    /** The constructor Spark calls for spark.extraListeners. */
    public JobMonitorListener(SparkConf conf) {
        this(lookup(conf.get(MODEL_KEY, "")));
        CREATED_BY_SPARK.put(conf.get(MODEL_KEY), this);
    }

    private JobMonitorListener(Registration registration) {
        this(registration.model(), registration.codeNames());
    }

    /** The listener Spark created for the model registered under {@code key}, if it did. */
    public static JobMonitorListener createdFor(String key) {
        return CREATED_BY_SPARK.get(key);
    }

    private static Registration lookup(String key) {
        Registration registration = MODELS.get(key);
        if (registration == null) {
            throw new IllegalStateException("no monitor model registered under '" + key + "'");
        }
        return registration;
    }

    /** Makes {@code model} available to a listener that Spark creates from a SparkConf holding {@code key}. */
    public static void register(String key, MonitorModel model) {
        register(key, model, UnaryOperator.identity());
    }

    /** As {@link #register(String, MonitorModel)}, with the rewriting of code names the listener applies. */
    public static void register(String key, MonitorModel model, UnaryOperator<String> codeNames) {
        MODELS.put(key, new Registration(model, codeNames));
    }

    private record Registration(MonitorModel model, UnaryOperator<String> codeNames) {
    }

    public static void unregister(String key) {
        MODELS.remove(key);
        CREATED_BY_SPARK.remove(key);
    }

    public MonitorModel model() {
        return model;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        if (!enabled) {
            return;
        }
        Properties props = event.properties() == null ? new Properties() : event.properties();
        List<MonitorModel.StageDef> stages = new ArrayList<>();
        for (StageInfo info : JavaConverters.seqAsJavaList(event.stageInfos())) {
            stages.add(new MonitorModel.StageDef(info.stageId(), info.attemptNumber(), named(info.name()), info.numTasks()));
        }
        String description = named(props.getProperty("spark.job.description"));
        String callSite = named(props.getProperty("callSite.short"));
        long sqlId = parseLong(props.getProperty("spark.sql.execution.id"), -1);
        model.jobStarted(event.jobId(), event.time(), props.getProperty(CellTag.CELL_ID),
                (int) parseLong(props.getProperty(CellTag.EXECUTION_COUNT), 0), description,
                callSite != null ? callSite : lastStageName(stages), sqlId, stages);
    }

    private static String lastStageName(List<MonitorModel.StageDef> stages) {
        return stages.isEmpty() ? "" : stages.get(stages.size() - 1).name();
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        if (!enabled) {
            return;
        }
        StageInfo info = event.stageInfo();
        long time = info.submissionTime().isDefined() ? (Long) info.submissionTime().get() : System.currentTimeMillis();
        model.stageSubmitted(info.stageId(), info.attemptNumber(), named(info.name()), info.numTasks(), time);
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
        if (!enabled) {
            return;
        }
        TaskInfo t = event.taskInfo();
        model.taskStarted(event.stageId(), event.stageAttemptId(), t.taskId(), partition(t), t.attemptNumber(),
                t.executorId(), t.host(), t.launchTime(), t.speculative());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        if (!enabled) {
            return;
        }
        TaskInfo t = event.taskInfo();
        TaskStatus status = t.successful() ? TaskStatus.SUCCESS : t.killed() ? TaskStatus.KILLED : TaskStatus.FAILED;
        TaskEndReason reason = event.reason();
        String error = status != TaskStatus.SUCCESS && reason instanceof TaskFailedReason failed
                ? named(failed.toErrorString()) : null;
        long finish = t.finishTime() > 0 ? t.finishTime() : System.currentTimeMillis();
        model.taskEnded(event.stageId(), event.stageAttemptId(), t.taskId(), status, finish,
                metrics(t, event.taskMetrics(), finish), error);
    }

    private static TaskMetricsView metrics(TaskInfo t, TaskMetrics m, long finish) {
        if (m == null) {
            return TaskMetricsView.none(partition(t), t.executorId());
        }
        long gettingResult = t.gettingResultTime() > 0 ? finish - t.gettingResultTime() : 0;
        return new TaskMetricsView(partition(t), t.executorId(),
                m.inputMetrics().bytesRead(), m.outputMetrics().bytesWritten(),
                m.shuffleReadMetrics().totalBytesRead(), m.shuffleWriteMetrics().bytesWritten(),
                m.executorDeserializeTime(), m.executorRunTime(), m.shuffleReadMetrics().fetchWaitTime(),
                m.shuffleWriteMetrics().writeTime() / 1_000_000, m.resultSerializationTime(), gettingResult);
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        if (!enabled) {
            return;
        }
        StageInfo info = event.stageInfo();
        long time = info.completionTime().isDefined() ? (Long) info.completionTime().get() : System.currentTimeMillis();
        String failure = info.failureReason().isDefined() ? named(info.failureReason().get()) : null;
        model.stageCompleted(info.stageId(), info.attemptNumber(), time, failure);
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        if (!enabled) {
            return;
        }
        if (event.jobResult() instanceof JobFailed failed) {
            String message = failed.exception().getMessage();
            // Spark's own words for every kind of cancel; a user's exception that mentions one is a failure.
            boolean cancelled = message != null && CANCELLED.matcher(message).lookingAt();
            model.jobEnded(event.jobId(), event.time(), cancelled ? JobStatus.CANCELLED : JobStatus.FAILED, named(message));
        } else {
            model.jobEnded(event.jobId(), event.time(), JobStatus.SUCCEEDED, null);
        }
    }

    /** Executor events are rare and cheap; kept while disabled so that cores stay right after re-enabling. */
    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded event) {
        model.executorAdded(event.executorId(), event.executorInfo().executorHost(),
                event.executorInfo().totalCores(), event.time());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
        model.executorRemoved(event.executorId(), event.time(), cap(event.reason()));
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
        if (enabled && event instanceof SparkListenerSQLExecutionStart sql) {
            model.sqlExecutionStarted(sql.executionId(), named(sql.description()));
        }
    }

    /**
     * The partition a task computes. A retried stage numbers its tasks from 0 again (TaskInfo.index)
     * while they compute the partitions the first attempt left; counting partitions needs the id.
     */
    private static int partition(TaskInfo t) {
        return t.partitionId() >= 0 ? t.partitionId() : t.index();
    }

    private static long parseLong(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A text Spark took from the driver's code, with code names rewritten, capped. */
    private String named(String text) {
        // Cut before rewriting too: a task error carries a whole stack trace, and the bus thread must not linger on it.
        return text == null ? null : cap(codeNames.apply(cap(text, 2 * MAX_TEXT)));
    }

    /** At most MAX_TEXT chars, never cutting a surrogate pair (a lone half breaks JSON for Python's Jupyter). */
    private static String cap(String text) {
        return cap(text, MAX_TEXT);
    }

    private static String cap(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }

}
