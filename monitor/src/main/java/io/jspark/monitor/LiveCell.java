package io.jspark.monitor;

import java.util.LinkedHashMap;

/** Part of {@link MonitorModel}'s live state, used only under the model's lock. */
final class LiveCell {
    final String cellId;
    final int executionCount;
    final LinkedHashMap<Integer, LiveJob> jobs = new LinkedHashMap<>();
    final ActivitySeries activity;
    final TaskSample tasks;
    DroppedJobs dropped = DroppedJobs.NONE;
    int runningJobs;
    long version;

    LiveCell(String cellId, int executionCount, MonitorLimits limits) {
        this.cellId = cellId;
        this.executionCount = executionCount;
        this.activity = new ActivitySeries(limits.activityPoints());
        this.tasks = new TaskSample(limits.tasksPerCell(), limits.tasksPerStage());
    }

    boolean hasRunningJobs() {
        return runningJobs > 0;
    }
}
