package io.jspark.monitor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Part of {@link MonitorModel}'s live state, used only under the model's lock. */
final class LiveJob {
    final int jobId;
    final LiveCell cell;
    final long submissionTime;
    final String description;
    final String callSite;
    final long sqlExecutionId;
    final List<Integer> stageIds = new ArrayList<>();
    final List<LiveStage> stages = new ArrayList<>();
    final Set<Integer> completedStageIds = new HashSet<>();
    final Set<Integer> skippedStageIds = new HashSet<>();
    final Set<Integer> submittedStageIds = new HashSet<>();
    JobStatus status = JobStatus.RUNNING;
    long completionTime = -1;
    int numTasks;
    int activeTasks;
    int completedTasks;
    int failedTasks;
    int killedTasks;
    int skippedTasks;
    int failedStages;
    String failureReason;

    LiveJob(int jobId, LiveCell cell, long submissionTime, String description, String callSite, long sqlExecutionId) {
        this.jobId = jobId;
        this.cell = cell;
        this.submissionTime = submissionTime;
        this.description = description;
        this.callSite = callSite;
        this.sqlExecutionId = sqlExecutionId;
    }

    JobSnapshot snapshot(String sqlDescription) {
        return new JobSnapshot(jobId, description, callSite, status, submissionTime, completionTime, stageIds,
                numTasks, activeTasks, Math.min(completedTasks, numTasks), failedTasks, skippedTasks, killedTasks,
                stageIds.size(), completedStageIds.size(), failedStages, skippedStageIds.size(),
                failureReason, sqlExecutionId, sqlDescription);
    }
}
