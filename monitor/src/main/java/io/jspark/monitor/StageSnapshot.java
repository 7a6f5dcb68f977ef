package io.jspark.monitor;

import java.util.List;

/** One attempt of a stage; a retried stage has one snapshot per attempt. Times are epoch ms, -1 if not yet. */
public record StageSnapshot(
        int stageId,
        int attemptId,
        String name,
        StageStatus status,
        int numTasks,
        int activeTasks,
        int completedTasks,
        int failedTasks,
        int killedTasks,
        long inputBytes,
        long outputBytes,
        long shuffleReadBytes,
        long shuffleWriteBytes,
        long submissionTime,
        long completionTime,
        String failureReason,
        List<Integer> jobIds) {

    public StageSnapshot {
        jobIds = List.copyOf(jobIds);
    }
}
