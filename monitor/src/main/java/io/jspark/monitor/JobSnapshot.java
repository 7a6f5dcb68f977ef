package io.jspark.monitor;

import java.util.List;

/**
 * A job as it stood when the snapshot was taken. Task counts follow Spark's UI: {@code completedTasks}
 * counts distinct partitions done, so retried and speculative attempts do not count twice.
 * Times are epoch milliseconds; {@code completionTime} is -1 while the job runs.
 */
public record JobSnapshot(
        int jobId,
        String description,
        String callSite,
        JobStatus status,
        long submissionTime,
        long completionTime,
        List<Integer> stageIds,
        int numTasks,
        int activeTasks,
        int completedTasks,
        int failedTasks,
        int skippedTasks,
        int killedTasks,
        int numStages,
        int completedStages,
        int failedStages,
        int skippedStages,
        String failureReason,
        long sqlExecutionId,
        String sqlDescription) {

    public JobSnapshot {
        stageIds = List.copyOf(stageIds);
    }

    public boolean isDone() {
        return status != JobStatus.RUNNING;
    }
}
