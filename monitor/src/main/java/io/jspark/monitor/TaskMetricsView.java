package io.jspark.monitor;

/**
 * What the model takes from a task-end event, already read out of Spark's classes on the listener
 * thread; durations in ms. {@code index} and {@code executorId} serve when the task's start was missed.
 */
public record TaskMetricsView(
        int index,
        String executorId,
        long inputBytes,
        long outputBytes,
        long shuffleReadBytes,
        long shuffleWriteBytes,
        long deserializationTime,
        long runTime,
        long shuffleReadTime,
        long shuffleWriteTime,
        long resultSerializationTime,
        long gettingResultTime) {

    public static TaskMetricsView none(int index, String executorId) {
        return new TaskMetricsView(index, executorId, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Splits the task's wall time into the phases Spark's timeline shows; scheduler delay is what the
     * executor's own measurements do not explain, so the phases always add up to the duration.
     */
    TaskSnapshot toSnapshot(RunningTask task, int stageId, int stageAttempt, long finishTime,
            TaskStatus status, String errorMessage) {
        long duration = Math.max(0, finishTime - task.launchTime());
        long deserialize = clamp(deserializationTime, duration);
        long shuffleRead = clamp(shuffleReadTime, duration - deserialize);
        long shuffleWrite = clamp(shuffleWriteTime, duration - deserialize - shuffleRead);
        long compute = clamp(runTime - shuffleRead - shuffleWrite, duration - deserialize - shuffleRead - shuffleWrite);
        long serialize = clamp(resultSerializationTime, duration - deserialize - shuffleRead - shuffleWrite - compute);
        long gettingResult = clamp(gettingResultTime, duration - deserialize - shuffleRead - shuffleWrite - compute - serialize);
        long schedulerDelay = duration - deserialize - shuffleRead - shuffleWrite - compute - serialize - gettingResult;
        return new TaskSnapshot(task.taskId(), task.index(), task.attempt(), stageId, stageAttempt, task.executorId(),
                task.host(), task.launchTime(), finishTime, status, task.speculative(), schedulerDelay, deserialize,
                shuffleRead, compute, shuffleWrite, serialize, gettingResult, errorMessage);
    }

    private static long clamp(long value, long room) {
        return Math.max(0, Math.min(value, Math.max(0, room)));
    }
}
