package io.jspark.monitor;

/**
 * One task attempt, with the phases Spark's own timeline draws (all in ms). Kept for a bounded
 * sample of each cell's tasks; counters elsewhere cover all of them.
 */
public record TaskSnapshot(
        long taskId,
        int index,
        int attempt,
        int stageId,
        int stageAttempt,
        String executorId,
        String host,
        long launchTime,
        long finishTime,
        TaskStatus status,
        boolean speculative,
        long schedulerDelay,
        long deserializationTime,
        long shuffleReadTime,
        long computeTime,
        long shuffleWriteTime,
        long resultSerializationTime,
        long gettingResultTime,
        String errorMessage) {

    public long duration() {
        return finishTime < 0 ? -1 : finishTime - launchTime;
    }
}
