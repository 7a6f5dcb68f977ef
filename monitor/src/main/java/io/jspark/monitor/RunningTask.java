package io.jspark.monitor;

/** A task that runs now, as the model keeps it until the task ends; immutable. */
record RunningTask(long taskId, int index, int attempt, String executorId, String host, long launchTime,
        boolean speculative) {
    TaskSnapshot snapshot(int stageId, int stageAttempt) {
        return new TaskSnapshot(taskId, index, attempt, stageId, stageAttempt, executorId, host, launchTime, -1,
                TaskStatus.RUNNING, speculative, 0, 0, 0, 0, 0, 0, 0, null);
    }
}
