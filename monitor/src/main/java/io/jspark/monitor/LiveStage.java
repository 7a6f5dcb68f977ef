package io.jspark.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Part of {@link MonitorModel}'s live state, used only under the model's lock. */
final class LiveStage {
    final int stageId;
    final int attemptId;
    final String name;
    final int numTasks;
    final List<Integer> jobIds = new ArrayList<>(1);
    final Map<Long, RunningTask> running = new LinkedHashMap<>();
    StageStatus status = StageStatus.PENDING;
    int activeTasks;
    int completedTasks;
    int failedTasks;
    int killedTasks;
    long inputBytes;
    long outputBytes;
    long shuffleReadBytes;
    long shuffleWriteBytes;
    long submissionTime = -1;
    long completionTime = -1;
    String failureReason;

    LiveStage(int stageId, int attemptId, String name, int numTasks) {
        this.stageId = stageId;
        this.attemptId = attemptId;
        this.name = name;
        this.numTasks = numTasks;
    }

    StageSnapshot snapshot() {
        return new StageSnapshot(stageId, attemptId, name, status, numTasks, activeTasks, completedTasks,
                failedTasks, killedTasks, inputBytes, outputBytes, shuffleReadBytes, shuffleWriteBytes,
                submissionTime, completionTime, failureReason, jobIds);
    }
}
