package io.jspark.monitor;

/** Part of {@link MonitorModel}'s live state, used only under the model's lock. */
final class LiveExecutor {
    final String executorId;
    final String host;
    final int cores;
    final long addTime;
    int activeTasks;
    int completedTasks;
    int failedTasks;
    long removeTime = -1;
    String removeReason;

    LiveExecutor(String executorId, String host, int cores, long addTime) {
        this.executorId = executorId;
        this.host = host;
        this.cores = cores;
        this.addTime = addTime;
    }

    ExecutorSnapshot snapshot() {
        return new ExecutorSnapshot(executorId, host, cores, activeTasks, completedTasks, failedTasks, addTime,
                removeTime, removeReason);
    }
}
