package io.jspark.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TaskMetricsViewTest {

    private static TaskSnapshot split(long launch, long finish, long deserialize, long run, long shuffleRead,
            long shuffleWrite, long serialize, long gettingResult) {
        RunningTask task = new RunningTask(7, 3, 0, "1", "h", launch, false);
        TaskMetricsView m = new TaskMetricsView(3, "1", 0, 0, 0, 0, deserialize, run, shuffleRead, shuffleWrite,
                serialize, gettingResult);
        return m.toSnapshot(task, 2, 0, finish, TaskStatus.SUCCESS, null);
    }

    private static long sum(TaskSnapshot t) {
        return t.schedulerDelay() + t.deserializationTime() + t.shuffleReadTime() + t.computeTime()
                + t.shuffleWriteTime() + t.resultSerializationTime() + t.gettingResultTime();
    }

    private static void assertPhasesNonNegative(TaskSnapshot t) {
        assertTrue(t.schedulerDelay() >= 0 && t.deserializationTime() >= 0 && t.shuffleReadTime() >= 0
                && t.computeTime() >= 0 && t.shuffleWriteTime() >= 0 && t.resultSerializationTime() >= 0
                && t.gettingResultTime() >= 0, "negative phase in " + t);
    }

    @ParameterizedTest(name = "duration {1}: deser {2}, run {3}, read {4}, write {5}, ser {6}, get {7}")
    @CsvSource({
            // launch, finish, deserialize, run, shuffleRead, shuffleWrite, serialize, gettingResult
            "1000, 2000, 0, 0, 0, 0, 0, 0",
            "1000, 2000, 50, 800, 100, 50, 20, 30",
            "1000, 2000, 5000, 0, 0, 0, 0, 0",
            "1000, 2000, 0, 5000, 0, 0, 0, 0",
            "1000, 2000, 10, 5000, 3000, 3000, 900, 900",
            "1000, 2000, 100, 50, 200, 200, 10, 10",
            "1000, 2000, -5, -10, -1, -1, -1, -1",
            "1000, 1000, 10, 10, 10, 10, 10, 10",
            "1000, 1001, 1, 1, 1, 1, 1, 1",
            "0, 86400000, 1000, 86000000, 1000000, 2000000, 1000, 1000",
    })
    void phasesAddUpExactlyToTheDuration(long launch, long finish, long deserialize, long run, long shuffleRead,
            long shuffleWrite, long serialize, long gettingResult) {
        TaskSnapshot t = split(launch, finish, deserialize, run, shuffleRead, shuffleWrite, serialize, gettingResult);
        assertEquals(finish - launch, t.duration());
        assertEquals(t.duration(), sum(t), "phases of " + t);
        assertPhasesNonNegative(t);
    }

    @Test
    void typicalTaskSplitsAsSparksTimelineDoes() {
        TaskSnapshot t = split(1000, 2000, 50, 800, 100, 50, 20, 30);
        assertEquals(50, t.deserializationTime());
        assertEquals(100, t.shuffleReadTime());
        assertEquals(50, t.shuffleWriteTime());
        assertEquals(650, t.computeTime());
        assertEquals(20, t.resultSerializationTime());
        assertEquals(30, t.gettingResultTime());
        assertEquals(100, t.schedulerDelay());
        assertEquals(7, t.taskId());
        assertEquals(3, t.index());
        assertEquals(2, t.stageId());
    }

    @Test
    void metricsLargerThanTheDurationAreCutToIt() {
        TaskSnapshot t = split(1000, 2000, 5000, 9000, 0, 0, 0, 0);
        assertEquals(1000, t.deserializationTime());
        assertEquals(0, t.computeTime());
        assertEquals(0, t.schedulerDelay());
        TaskSnapshot run = split(1000, 2000, 0, 9000, 0, 0, 0, 0);
        assertEquals(1000, run.computeTime());
        assertEquals(0, run.schedulerDelay());
    }

    @Test
    void noMetricsMeansAllSchedulerDelay() {
        TaskSnapshot t = TaskMetricsView.none(3, "1").toSnapshot(
                new RunningTask(1, 3, 0, "1", "h", 100, false), 0, 0, 350, TaskStatus.FAILED, "boom");
        assertEquals(250, t.schedulerDelay());
        assertEquals(250, sum(t));
        assertEquals("boom", t.errorMessage());
        assertEquals(TaskStatus.FAILED, t.status());
    }

    @Test
    void finishBeforeLaunchGivesNoNegativePhase() {
        TaskSnapshot t = split(2000, 1000, 10, 10, 10, 10, 10, 10);
        assertPhasesNonNegative(t);
        assertEquals(0, sum(t));
    }

    @Test
    void randomMetricsAlwaysAddUp() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long duration = random.nextInt(100_000);
            long[] m = new long[6];
            for (int k = 0; k < m.length; k++) {
                m[k] = random.nextInt(4) == 0 ? 0 : random.nextInt(150_000) - 10_000;
            }
            TaskSnapshot t = split(5000, 5000 + duration, m[0], m[1], m[2], m[3], m[4], m[5]);
            assertEquals(duration, sum(t), "phases of " + t);
            assertPhasesNonNegative(t);
        }
    }
}
