package io.jspark.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskKilled;
import org.apache.spark.TaskState;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobResult;
import org.apache.spark.scheduler.JobSucceeded$;
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
import org.apache.spark.scheduler.TaskLocality;
import org.apache.spark.scheduler.cluster.ExecutorInfo;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Builds real Spark listener events the way the DAG scheduler and task set managers post them, and
 * posts them to a {@link JobMonitorListener}.
 */
final class SparkEvents {
    final JobMonitorListener listener;
    private long nextTaskId;

    SparkEvents(JobMonitorListener listener) {
        this.listener = listener;
    }

    SparkEvents(MonitorModel model) {
        this(new JobMonitorListener(model));
    }

    static <T> Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(new ArrayList<>(list));
    }

    static Properties cell(String cellId, int count) {
        Properties p = new Properties();
        if (cellId != null) {
            p.setProperty(CellTag.CELL_ID, cellId);
            p.setProperty(CellTag.EXECUTION_COUNT, Integer.toString(count));
            p.setProperty("spark.jobGroup.id", CellTag.jobGroup(cellId));
        }
        return p;
    }

    static StageInfo stage(int stageId, int attempt, String name, int numTasks) {
        return new StageInfo(stageId, attempt, name, numTasks, seq(List.of()), seq(List.of()), "details of " + name,
                null, seq(List.of()), Option.empty(), 0, false, 0);
    }

    static TaskMetrics metrics(long inputBytes, long runTimeMs) {
        TaskMetrics m = TaskMetrics.empty();
        m.inputMetrics().setBytesRead(inputBytes);
        m.setExecutorRunTime(runTimeMs);
        return m;
    }

    void jobStart(int jobId, long time, Properties props, StageInfo... stages) {
        listener.onJobStart(new SparkListenerJobStart(jobId, time, seq(Arrays.asList(stages)), props));
    }

    void jobEnd(int jobId, long time, JobResult result) {
        listener.onJobEnd(new SparkListenerJobEnd(jobId, time, result));
    }

    void jobSucceeded(int jobId, long time) {
        jobEnd(jobId, time, JobSucceeded$.MODULE$);
    }

    void stageSubmitted(StageInfo stage, long time) {
        stage.submissionTime_$eq(Option.apply((Object) time));
        listener.onStageSubmitted(new SparkListenerStageSubmitted(stage, new Properties()));
    }

    void stageCompleted(StageInfo stage, long time) {
        stage.completionTime_$eq(Option.apply((Object) time));
        listener.onStageCompleted(new SparkListenerStageCompleted(stage));
    }

    void stageFailed(StageInfo stage, long time, String reason) {
        stage.failureReason_$eq(Option.apply(reason));
        stageCompleted(stage, time);
    }

    /** A task attempt as TaskSetManager creates it: {@code index} within the stage attempt, {@code partition} of the RDD. */
    TaskInfo taskStart(StageInfo stage, int index, int partition, int attempt, String executorId, long launchTime,
            boolean speculative) {
        TaskInfo info = new TaskInfo(nextTaskId++, index, attempt, partition, launchTime, executorId,
                "host-" + executorId, TaskLocality.PROCESS_LOCAL(), speculative);
        listener.onTaskStart(new SparkListenerTaskStart(stage.stageId(), stage.attemptNumber(), info));
        return info;
    }

    TaskInfo taskStart(StageInfo stage, int index, String executorId, long launchTime) {
        return taskStart(stage, index, index, 0, executorId, launchTime, false);
    }

    void taskEnd(StageInfo stage, TaskInfo info, TaskEndReason reason, TaskMetrics metrics) {
        listener.onTaskEnd(new SparkListenerTaskEnd(stage.stageId(), stage.attemptNumber(),
                stage.stageId() == 0 ? "ShuffleMapTask" : "ResultTask", reason, info, null, metrics));
    }

    void taskSucceeded(StageInfo stage, TaskInfo info, long finishTime) {
        taskSucceeded(stage, info, finishTime, TaskMetrics.empty());
    }

    void taskSucceeded(StageInfo stage, TaskInfo info, long finishTime, TaskMetrics metrics) {
        if (!info.finished()) {
            info.markFinished(TaskState.FINISHED(), finishTime);
        }
        taskEnd(stage, info, Success$.MODULE$, metrics);
    }

    void taskFailed(StageInfo stage, TaskInfo info, long finishTime, String message) {
        info.markFinished(TaskState.FAILED(), finishTime);
        taskEnd(stage, info, new ExceptionFailure(new RuntimeException(message), seq(List.of())), TaskMetrics.empty());
    }

    void taskKilled(StageInfo stage, TaskInfo info, long finishTime, String reason) {
        info.markFinished(TaskState.KILLED(), finishTime);
        taskEnd(stage, info, new TaskKilled(reason, seq(List.of()), seq(List.of()), seq(List.of())), null);
    }

    /** Starts and finishes tasks {@code 0..n-1} of a stage on one executor, one after the other. */
    long runAll(StageInfo stage, String executorId, long time) {
        for (int i = 0; i < stage.numTasks(); i++) {
            TaskInfo t = taskStart(stage, i, executorId, time);
            time += 10;
            taskSucceeded(stage, t, time);
        }
        return time;
    }

    void executorAdded(String executorId, int cores, long time) {
        listener.onExecutorAdded(new SparkListenerExecutorAdded(time, executorId,
                new ExecutorInfo("host-" + executorId, cores, new scala.collection.immutable.HashMap<>())));
    }

    void executorRemoved(String executorId, long time, String reason) {
        listener.onExecutorRemoved(new SparkListenerExecutorRemoved(time, executorId, reason));
    }
}
