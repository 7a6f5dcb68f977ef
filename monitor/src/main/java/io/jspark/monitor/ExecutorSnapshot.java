package io.jspark.monitor;

/** An executor, kept after it is removed so that users see what was lost and why. */
public record ExecutorSnapshot(
        String executorId,
        String host,
        int totalCores,
        int activeTasks,
        int completedTasks,
        int failedTasks,
        long addTime,
        long removeTime,
        String removeReason) {

    public boolean isActive() {
        return removeTime < 0;
    }
}
