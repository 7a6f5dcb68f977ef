package io.jspark.monitor;

import static io.jspark.monitor.Snapshots.assertNoNegativeCounts;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.TaskState;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import org.junit.jupiter.api.Test;
import scala.Option;

/** Real Spark listener events through {@link JobMonitorListener} into a {@link MonitorModel}. */
class JobMonitorListenerTest {
    private final MonitorModel model = new MonitorModel(MonitorLimits.defaults());
    private final SparkEvents ev = new SparkEvents(model);

    @Test
    void jobOfEightTasksIsAttributedToTheCellInItsProperties() {
        ev.executorAdded("driver", 8, 900);
        Properties props = SparkEvents.cell("cell-a", 3);
        props.setProperty("spark.job.description", "count rows");
        props.setProperty("callSite.short", "count at $JShell$12.java:5");
        StageInfo s0 = SparkEvents.stage(0, 0, "count at $JShell$12.java:5", 8);
        ev.jobStart(0, 1000, props, s0);

        CellSnapshot snap = Snapshots.of(model, "cell-a");
        assertEquals(List.of("cell-a"), model.cellIds());
        assertEquals(3, snap.executionCount());
        JobSnapshot job = Snapshots.job(snap, 0);
        assertEquals(JobStatus.RUNNING, job.status());
        assertEquals(8, job.numTasks());
        assertEquals(0, job.completedTasks());
        assertEquals(-1, job.completionTime());
        assertEquals(StageStatus.PENDING, Snapshots.stage(snap, 0, 0).status());
        assertTrue(model.hasRunningJobs("cell-a"));

        ev.stageSubmitted(s0, 1005);
        TaskInfo[] tasks = new TaskInfo[8];
        for (int i = 0; i < 8; i++) {
            tasks[i] = ev.taskStart(s0, i, "driver", 1010 + i);
        }
        snap = Snapshots.of(model, "cell-a");
        assertEquals(8, Snapshots.job(snap, 0).activeTasks());
        StageSnapshot stage = Snapshots.stage(snap, 0, 0);
        assertEquals(StageStatus.ACTIVE, stage.status());
        assertEquals(8, stage.activeTasks());
        assertEquals(1005, stage.submissionTime());
        assertEquals(8, Snapshots.executor(snap, "driver").activeTasks());
        assertEquals(8, snap.tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).count());

        for (int i = 0; i < 4; i++) {
            ev.taskSucceeded(s0, tasks[i], 1100 + i, SparkEvents.metrics(1000, 80));
        }
        snap = Snapshots.of(model, "cell-a");
        assertEquals(4, Snapshots.job(snap, 0).completedTasks());
        assertEquals(4, Snapshots.job(snap, 0).activeTasks());
        assertEquals(4, Snapshots.stage(snap, 0, 0).completedTasks());
        assertEquals(4000, Snapshots.stage(snap, 0, 0).inputBytes());

        for (int i = 4; i < 8; i++) {
            ev.taskSucceeded(s0, tasks[i], 1200 + i, SparkEvents.metrics(1000, 80));
        }
        ev.stageCompleted(s0, 1210);
        ev.jobSucceeded(0, 1220);

        snap = Snapshots.of(model, "cell-a");
        job = Snapshots.job(snap, 0);
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(1000, job.submissionTime());
        assertEquals(1220, job.completionTime());
        assertEquals(8, job.numTasks());
        assertEquals(8, job.completedTasks());
        assertEquals(0, job.activeTasks());
        assertEquals(0, job.failedTasks());
        assertEquals(0, job.killedTasks());
        assertEquals(0, job.skippedTasks());
        assertEquals(1, job.numStages());
        assertEquals(1, job.completedStages());
        assertEquals(0, job.skippedStages());
        assertEquals("count rows", job.description());
        assertEquals("count at $JShell$12.java:5", job.callSite());
        assertEquals(-1, job.sqlExecutionId());
        assertEquals(List.of(0), job.stageIds());
        stage = Snapshots.stage(snap, 0, 0);
        assertEquals(StageStatus.COMPLETE, stage.status());
        assertEquals(1005, stage.submissionTime());
        assertEquals(1210, stage.completionTime());
        assertEquals(8, stage.completedTasks());
        assertEquals(0, stage.activeTasks());
        assertEquals(8000, stage.inputBytes());
        assertEquals(List.of(0), stage.jobIds());
        ExecutorSnapshot driver = Snapshots.executor(snap, "driver");
        assertEquals(0, driver.activeTasks());
        assertEquals(8, driver.completedTasks());
        assertEquals(8, snap.tasks().size());
        for (TaskSnapshot t : snap.tasks()) {
            assertEquals(TaskStatus.SUCCESS, t.status());
            assertEquals(1010 + t.index(), t.launchTime());
            assertEquals((t.index() < 4 ? 1100 : 1200) + t.index(), t.finishTime());
            assertEquals("driver", t.executorId());
            assertEquals(0, t.stageId());
        }
        assertTrue(snap.allJobsDone());
        assertFalse(model.hasRunningJobs("cell-a"));
        assertNoNegativeCounts(snap);
    }

    @Test
    void jobsOfTwoCellsStayApart() {
        StageInfo a = SparkEvents.stage(0, 0, "a", 4);
        StageInfo b = SparkEvents.stage(1, 0, "b", 2);
        StageInfo untagged = SparkEvents.stage(2, 0, "untagged", 1);
        ev.jobStart(0, 1000, SparkEvents.cell("A", 1), a);
        ev.jobStart(1, 1001, SparkEvents.cell("B", 2), b);
        ev.jobStart(2, 1002, new Properties(), untagged);
        ev.stageSubmitted(a, 1003);
        ev.stageSubmitted(b, 1003);
        TaskInfo[] ta = new TaskInfo[4];
        TaskInfo[] tb = new TaskInfo[2];
        for (int i = 0; i < 4; i++) {
            ta[i] = ev.taskStart(a, i, "1", 1010);
            if (i < 2) {
                tb[i] = ev.taskStart(b, i, "1", 1010);
            }
        }
        for (int i = 0; i < 2; i++) {
            ev.taskSucceeded(b, tb[i], 1100);
        }
        ev.stageCompleted(b, 1101);
        ev.jobSucceeded(1, 1102);
        for (int i = 0; i < 3; i++) {
            ev.taskSucceeded(a, ta[i], 1200);
        }

        CellSnapshot sa = Snapshots.of(model, "A");
        CellSnapshot sb = Snapshots.of(model, "B");
        assertEquals(List.of(0), sa.jobs().stream().map(JobSnapshot::jobId).toList());
        assertEquals(List.of(1), sb.jobs().stream().map(JobSnapshot::jobId).toList());
        assertEquals(List.of(0), sa.stages().stream().map(StageSnapshot::stageId).toList());
        assertEquals(List.of(1), sb.stages().stream().map(StageSnapshot::stageId).toList());
        assertTrue(sa.tasks().stream().allMatch(t -> t.stageId() == 0));
        assertEquals(4, sa.tasks().size());
        assertTrue(sb.tasks().stream().allMatch(t -> t.stageId() == 1));
        assertEquals(2, sb.tasks().size());
        assertEquals(3, Snapshots.job(sa, 0).completedTasks());
        assertEquals(1, Snapshots.job(sa, 0).activeTasks());
        assertEquals(2, Snapshots.job(sb, 1).completedTasks());
        assertEquals(1, sa.executionCount());
        assertEquals(2, sb.executionCount());
        assertTrue(model.hasRunningJobs("A"));
        assertFalse(model.hasRunningJobs("B"));
        assertTrue(model.cellIds().containsAll(List.of("A", "B")));
        assertTrue(sa.jobs().stream().noneMatch(j -> j.jobId() == 2));
        assertTrue(sb.jobs().stream().noneMatch(j -> j.jobId() == 2));
    }

    /**
     * Two jobs over the same shuffle, one after the other: once the first job ends, Spark forgets its
     * stages, so the second job gets a new shuffle map stage id, which is never submitted because its
     * map outputs exist.
     */
    @Test
    void secondJobOverACompletedShuffleSkipsItsMapStage() {
        Properties props = SparkEvents.cell("c", 1);
        StageInfo map0 = SparkEvents.stage(0, 0, "groupBy at Cell.java:3", 4);
        StageInfo res1 = SparkEvents.stage(1, 0, "collect at Cell.java:3", 2);
        ev.jobStart(0, 1000, props, map0, res1);
        ev.stageSubmitted(map0, 1001);
        long t = ev.runAll(map0, "1", 1002);
        ev.stageCompleted(map0, t);
        ev.stageSubmitted(res1, t);
        t = ev.runAll(res1, "1", t);
        ev.stageCompleted(res1, t);
        ev.jobSucceeded(0, t);

        StageInfo map2 = SparkEvents.stage(2, 0, "groupBy at Cell.java:3", 4);
        StageInfo res3 = SparkEvents.stage(3, 0, "collect at Cell.java:4", 2);
        ev.jobStart(1, 2000, props, map2, res3);
        ev.stageSubmitted(res3, 2001);
        TaskInfo first = ev.taskStart(res3, 0, "1", 2002);
        JobSnapshot running = Snapshots.job(model, "c", 1);
        assertEquals(6, running.numTasks());
        assertEquals(1, running.activeTasks());
        assertEquals(StageStatus.PENDING, Snapshots.stage(Snapshots.of(model, "c"), 2, 0).status());
        ev.taskSucceeded(res3, first, 2010);
        TaskInfo second = ev.taskStart(res3, 1, "1", 2010);
        ev.taskSucceeded(res3, second, 2020);
        ev.stageCompleted(res3, 2021);
        ev.jobSucceeded(1, 2022);

        CellSnapshot snap = Snapshots.of(model, "c");
        JobSnapshot job = Snapshots.job(snap, 1);
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(6, job.numTasks());
        assertEquals(2, job.completedTasks());
        assertEquals(4, job.skippedTasks());
        assertEquals(job.numTasks(), job.completedTasks() + job.skippedTasks());
        assertEquals(2, job.numStages());
        assertEquals(1, job.completedStages());
        assertEquals(1, job.skippedStages());
        StageSnapshot skipped = Snapshots.stage(snap, 2, 0);
        assertEquals(StageStatus.SKIPPED, skipped.status());
        assertEquals(List.of(1), skipped.jobIds());
        JobSnapshot firstJob = Snapshots.job(snap, 0);
        assertEquals(6, firstJob.completedTasks());
        assertEquals(0, firstJob.skippedTasks());
        assertEquals(0, firstJob.skippedStages());
        assertEquals(StageStatus.COMPLETE, Snapshots.stage(snap, 0, 0).status());
    }

    /**
     * A second job submitted while the first still runs shares the first job's completed shuffle map
     * stage (same stage id, in its SparkListenerJobStart); the DAG scheduler does not run it again, so
     * for the second job it is skipped.
     */
    @Test
    void concurrentJobReusingACompletedShuffleStageCountsItAsSkipped() {
        Properties props = SparkEvents.cell("c", 1);
        StageInfo map0 = SparkEvents.stage(0, 0, "groupBy at Cell.java:3", 4);
        StageInfo res1 = SparkEvents.stage(1, 0, "collect at Cell.java:3", 2);
        ev.jobStart(0, 1000, props, map0, res1);
        ev.stageSubmitted(map0, 1001);
        long t = ev.runAll(map0, "1", 1002);
        ev.stageCompleted(map0, t);
        ev.stageSubmitted(res1, t);
        TaskInfo slow = ev.taskStart(res1, 0, "1", t);

        StageInfo res2 = SparkEvents.stage(2, 0, "count at Cell.java:4", 2);
        ev.jobStart(1, 2000, props, map0, res2);
        ev.stageSubmitted(res2, 2001);
        long t2 = ev.runAll(res2, "2", 2002);
        ev.stageCompleted(res2, t2);
        ev.jobSucceeded(1, t2);

        JobSnapshot job = Snapshots.job(model, "c", 1);
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(6, job.numTasks());
        assertEquals(1, job.skippedStages(), "stage 0 was not run for job 1: " + job);
        assertEquals(4, job.skippedTasks(), "stage 0 was not run for job 1: " + job);
        assertEquals(job.numTasks(), job.completedTasks() + job.skippedTasks(), "progress of a succeeded job: " + job);
        ev.taskSucceeded(res1, slow, 3000);
    }

    /**
     * A fetch failure fails attempt 0 of the reduce stage; the map stage is rerun in full (its executor
     * was lost) as attempt 1, then the reduce stage as attempt 1. Each partition counts once.
     */
    @Test
    void stageRetryCompletesTheJobWithoutCountingPartitionsTwice() {
        Properties props = SparkEvents.cell("c", 1);
        StageInfo map = SparkEvents.stage(0, 0, "map", 4);
        StageInfo reduce = SparkEvents.stage(1, 0, "reduce", 4);
        ev.jobStart(0, 1000, props, map, reduce);
        ev.stageSubmitted(map, 1000);
        long t = ev.runAll(map, "1", 1000);
        ev.stageCompleted(map, t);
        ev.stageSubmitted(reduce, t);
        TaskInfo fetch = ev.taskStart(reduce, 0, "2", t);
        ev.taskFailed(reduce, fetch, t + 5, "FetchFailed(BlockManagerId(1, host-1, 7337), shuffleId=0, mapIndex=0)");
        String reason = "org.apache.spark.shuffle.FetchFailedException: Failed to connect to host-1:7337";
        ev.stageFailed(reduce, t + 6, reason);

        StageInfo mapRetry = SparkEvents.stage(0, 1, "map", 4);
        ev.stageSubmitted(mapRetry, t + 10);
        t = ev.runAll(mapRetry, "2", t + 10);
        ev.stageCompleted(mapRetry, t);
        JobSnapshot midway = Snapshots.job(model, "c", 0);
        assertEquals(4, midway.completedTasks(), "map partitions rerun must not count again: " + midway);
        assertEquals(JobStatus.RUNNING, midway.status());

        StageInfo reduceRetry = SparkEvents.stage(1, 1, "reduce", 4);
        ev.stageSubmitted(reduceRetry, t);
        t = ev.runAll(reduceRetry, "2", t);
        ev.stageCompleted(reduceRetry, t);
        ev.jobSucceeded(0, t + 1);

        CellSnapshot snap = Snapshots.of(model, "c");
        JobSnapshot job = Snapshots.job(snap, 0);
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(8, job.numTasks());
        assertEquals(8, job.completedTasks());
        assertEquals(1, job.failedTasks());
        assertEquals(1, job.failedStages());
        assertEquals(2, job.completedStages());
        assertEquals(0, job.activeTasks());
        assertEquals(4, snap.stages().size());
        StageSnapshot failed = Snapshots.stage(snap, 1, 0);
        assertEquals(StageStatus.FAILED, failed.status());
        assertEquals(reason, failed.failureReason());
        assertEquals(1, failed.failedTasks());
        StageSnapshot retry = Snapshots.stage(snap, 1, 1);
        assertEquals(1, retry.attemptId());
        assertEquals(StageStatus.COMPLETE, retry.status());
        assertEquals(4, retry.completedTasks());
        assertEquals(List.of(0), retry.jobIds());
        assertEquals(StageStatus.COMPLETE, Snapshots.stage(snap, 0, 1).status());
        assertEquals(4, Snapshots.stage(snap, 0, 1).completedTasks());
        assertTrue(snap.tasks().stream().anyMatch(tk -> tk.status() == TaskStatus.FAILED && tk.stageId() == 1
                && tk.stageAttempt() == 0 && tk.errorMessage() != null && tk.errorMessage().contains("FetchFailed")));
        assertNoNegativeCounts(snap);
    }

    /**
     * The usual retry: attempt 1 of the result stage runs only the partitions that attempt 0 did not
     * finish. TaskSetManager numbers the tasks of the new attempt 0..n-1 (TaskInfo.index) while
     * TaskInfo.partitionId names the partition.
     */
    @Test
    void stageRetryOfMissingPartitionsCompletesTheJobProgress() {
        Properties props = SparkEvents.cell("c", 1);
        StageInfo result = SparkEvents.stage(0, 0, "collect", 8);
        ev.jobStart(0, 1000, props, result);
        ev.stageSubmitted(result, 1000);
        for (int i = 0; i < 6; i++) {
            TaskInfo ok = ev.taskStart(result, i, "1", 1000 + i);
            ev.taskSucceeded(result, ok, 1100 + i);
        }
        TaskInfo lost = ev.taskStart(result, 6, "2", 1010);
        ev.taskFailed(result, lost, 1200, "FetchFailed(null, shuffleId=0, mapIndex=0)");
        ev.stageFailed(result, 1201, "FetchFailedException");

        StageInfo retry = SparkEvents.stage(0, 1, "collect", 2);
        ev.stageSubmitted(retry, 1300);
        TaskInfo p6 = ev.taskStart(retry, 0, 6, 0, "1", 1301, false);
        TaskInfo p7 = ev.taskStart(retry, 1, 7, 0, "1", 1302, false);
        ev.taskSucceeded(retry, p6, 1400);
        ev.taskSucceeded(retry, p7, 1401);
        ev.stageCompleted(retry, 1402);
        ev.jobSucceeded(0, 1403);

        CellSnapshot snap = Snapshots.of(model, "c");
        JobSnapshot job = Snapshots.job(snap, 0);
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(8, job.numTasks());
        assertEquals(8, job.completedTasks(), "partitions 6 and 7 were completed by the retry: " + job);
        StageSnapshot retried = Snapshots.stage(snap, 0, 1);
        assertEquals(2, retried.numTasks());
        assertEquals(2, retried.completedTasks());
    }

    @Test
    void speculativeDuplicateCountsThePartitionOnceAndTheKilledAttemptAsKilled() {
        ev.executorAdded("1", 4, 900);
        ev.executorAdded("2", 4, 900);
        StageInfo s = SparkEvents.stage(0, 0, "map", 4);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s);
        ev.stageSubmitted(s, 1000);
        for (int i = 0; i < 3; i++) {
            TaskInfo t = ev.taskStart(s, i, "1", 1000);
            ev.taskSucceeded(s, t, 1100);
        }
        TaskInfo original = ev.taskStart(s, 3, 3, 0, "1", 1000, false);
        TaskInfo copy = ev.taskStart(s, 3, 3, 1, "2", 1500, true);
        JobSnapshot midway = Snapshots.job(model, "c", 0);
        assertEquals(2, midway.activeTasks());
        assertEquals(3, midway.completedTasks());

        ev.taskSucceeded(s, copy, 1600);
        ev.taskKilled(s, original, 1610, "another attempt succeeded");
        ev.stageCompleted(s, 1611);
        ev.jobSucceeded(0, 1612);

        CellSnapshot snap = Snapshots.of(model, "c");
        JobSnapshot job = Snapshots.job(snap, 0);
        assertEquals(4, job.completedTasks());
        assertEquals(1, job.killedTasks());
        assertEquals(0, job.failedTasks());
        assertEquals(0, job.activeTasks());
        StageSnapshot stage = Snapshots.stage(snap, 0, 0);
        assertEquals(1, stage.killedTasks());
        assertEquals(0, stage.activeTasks());
        assertEquals(0, Snapshots.executor(snap, "1").activeTasks());
        assertEquals(0, Snapshots.executor(snap, "2").activeTasks());
        assertEquals(1, Snapshots.executor(snap, "2").completedTasks());
        assertTrue(snap.tasks().stream().anyMatch(t -> t.speculative() && t.status() == TaskStatus.SUCCESS && t.index() == 3));
        assertTrue(snap.tasks().stream().anyMatch(t -> !t.speculative() && t.status() == TaskStatus.KILLED && t.index() == 3));
        assertNoNegativeCounts(snap);
    }

    @Test
    void twoSuccessfulAttemptsOfOnePartitionCountOnce() {
        StageInfo s = SparkEvents.stage(0, 0, "map", 4);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s);
        ev.stageSubmitted(s, 1000);
        TaskInfo a = ev.taskStart(s, 0, 0, 0, "1", 1000, false);
        TaskInfo b = ev.taskStart(s, 0, 0, 1, "2", 1001, true);
        ev.taskSucceeded(s, a, 1100);
        ev.taskSucceeded(s, b, 1101);
        JobSnapshot job = Snapshots.job(model, "c", 0);
        assertEquals(1, job.completedTasks());
        assertEquals(0, job.activeTasks());
    }

    @Test
    void jobEndBeforeTheLastTaskEndKeepsTheJobSucceededAndCountsDrainToZero() {
        ev.executorAdded("1", 2, 900);
        StageInfo s = SparkEvents.stage(0, 0, "take", 2);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s);
        ev.stageSubmitted(s, 1000);
        TaskInfo t0 = ev.taskStart(s, 0, "1", 1000);
        TaskInfo t1 = ev.taskStart(s, 1, 1, 0, "1", 1001, false);
        TaskInfo t1copy = ev.taskStart(s, 1, 1, 1, "1", 1002, true);
        ev.taskSucceeded(s, t0, 1100);
        ev.taskSucceeded(s, t1copy, 1101);
        ev.stageCompleted(s, 1102);
        ev.jobSucceeded(0, 1103);

        JobSnapshot ended = Snapshots.job(model, "c", 0);
        assertEquals(JobStatus.SUCCEEDED, ended.status());
        assertEquals(1103, ended.completionTime());
        assertFalse(model.hasRunningJobs("c"));

        ev.taskKilled(s, t1, 1200, "another attempt succeeded");
        CellSnapshot snap = Snapshots.of(model, "c");
        JobSnapshot job = Snapshots.job(snap, 0);
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(1103, job.completionTime());
        assertEquals(0, job.activeTasks());
        assertEquals(2, job.completedTasks());
        assertEquals(1, job.killedTasks());
        assertEquals(0, Snapshots.stage(snap, 0, 0).activeTasks());
        assertEquals(0, Snapshots.executor(snap, "1").activeTasks());

        // An end for an attempt whose start never arrived, after everything: nothing goes below zero.
        TaskInfo stray = new TaskInfo(999, 1, 2, 1, 1003, "1", "host-1",
                org.apache.spark.scheduler.TaskLocality.ANY(), true);
        ev.taskKilled(s, stray, 1300, "stage finished");
        snap = Snapshots.of(model, "c");
        assertEquals(0, Snapshots.job(snap, 0).activeTasks());
        assertEquals(JobStatus.SUCCEEDED, Snapshots.job(snap, 0).status());
        assertNoNegativeCounts(snap);
        assertTrue(snap.activity().stream().allMatch(p -> p.activeTasks() == 0 || p.time() < 1200),
                "no running tasks left after the late end: " + snap.activity());
    }

    @Test
    void duplicateEventsLeaveCountsUnchanged() {
        StageInfo s = SparkEvents.stage(0, 0, "map", 4);
        Properties props = SparkEvents.cell("c", 1);
        ev.jobStart(0, 1000, props, s);
        ev.jobStart(0, 1000, props, s);
        ev.stageSubmitted(s, 1001);
        ev.stageSubmitted(s, 1001);
        TaskInfo t = ev.taskStart(s, 0, "1", 1002);
        ev.listener.onTaskStart(new org.apache.spark.scheduler.SparkListenerTaskStart(0, 0, t));

        JobSnapshot running = Snapshots.job(model, "c", 0);
        assertEquals(4, running.numTasks());
        assertEquals(1, running.numStages());
        assertEquals(1, running.activeTasks());
        assertEquals(1, Snapshots.stage(Snapshots.of(model, "c"), 0, 0).activeTasks());
        assertEquals(List.of(0), Snapshots.stage(Snapshots.of(model, "c"), 0, 0).jobIds());

        ev.taskSucceeded(s, t, 1010);
        ev.taskSucceeded(s, t, 1010);
        long tm = 1010;
        for (int i = 1; i < 4; i++) {
            TaskInfo ti = ev.taskStart(s, i, "1", tm);
            ev.taskSucceeded(s, ti, tm + 5);
        }
        ev.stageCompleted(s, 1100);
        ev.stageCompleted(s, 1100);
        ev.jobSucceeded(0, 1101);
        ev.jobSucceeded(0, 1105);
        ev.jobEnd(0, 1106, new JobFailed(new SparkException("late failure")));

        CellSnapshot snap = Snapshots.of(model, "c");
        assertEquals(1, snap.jobs().size());
        JobSnapshot job = Snapshots.job(snap, 0);
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(1101, job.completionTime());
        assertNull(job.failureReason());
        assertEquals(4, job.numTasks());
        assertEquals(4, job.completedTasks());
        assertEquals(0, job.activeTasks());
        assertEquals(1, job.completedStages());
        assertEquals(0, job.failedStages());
        StageSnapshot stage = Snapshots.stage(snap, 0, 0);
        assertEquals(4, stage.completedTasks());
        assertEquals(0, stage.activeTasks());
        assertEquals(1100, stage.completionTime());
        assertEquals(1, snap.stages().size());
        assertEquals(4, snap.tasks().size());
        assertNoNegativeCounts(snap);
    }

    @Test
    void duplicateTaskStartDoesNotLeaveTheExecutorBusy() {
        ev.executorAdded("1", 4, 900);
        StageInfo s = SparkEvents.stage(0, 0, "map", 1);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s);
        ev.stageSubmitted(s, 1000);
        TaskInfo t = ev.taskStart(s, 0, "1", 1001);
        ev.listener.onTaskStart(new org.apache.spark.scheduler.SparkListenerTaskStart(0, 0, t));
        ev.taskSucceeded(s, t, 1010);
        ExecutorSnapshot executor = Snapshots.executor(Snapshots.of(model, "c"), "1");
        assertEquals(0, executor.activeTasks(), "executor after its only task ended: " + executor);
        assertEquals(1, executor.completedTasks());
    }

    @Test
    void duplicateTaskEndDoesNotAddItsMetricsTwice() {
        StageInfo s = SparkEvents.stage(0, 0, "read", 1);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s);
        ev.stageSubmitted(s, 1000);
        TaskInfo t = ev.taskStart(s, 0, "1", 1001);
        TaskMetrics m = SparkEvents.metrics(1000, 5);
        ev.taskSucceeded(s, t, 1010, m);
        ev.taskSucceeded(s, t, 1010, m);
        StageSnapshot stage = Snapshots.stage(Snapshots.of(model, "c"), 0, 0);
        assertEquals(1, stage.completedTasks());
        assertEquals(1000, stage.inputBytes(), "input bytes after one task read 1000 bytes (end event posted twice)");
    }

    @Test
    void taskEndForAnUnknownStageIsIgnored() {
        StageInfo s = SparkEvents.stage(0, 0, "map", 2);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s);
        long version = model.version();
        CellSnapshot before = Snapshots.of(model, "c");
        StageInfo unknown = SparkEvents.stage(42, 0, "unknown", 3);
        TaskInfo t = new TaskInfo(77, 0, 0, 0, 1000, "9", "host-9", org.apache.spark.scheduler.TaskLocality.ANY(), false);
        assertDoesNotThrow(() -> ev.taskSucceeded(unknown, t, 1010, SparkEvents.metrics(10, 5)));
        TaskInfo failed = new TaskInfo(78, 1, 0, 1, 1000, "9", "host-9", org.apache.spark.scheduler.TaskLocality.ANY(), false);
        assertDoesNotThrow(() -> ev.taskFailed(unknown, failed, 1010, "boom"));
        assertDoesNotThrow(() -> ev.taskKilled(unknown, new TaskInfo(79, 2, 0, 2, 1000, "9", "h",
                org.apache.spark.scheduler.TaskLocality.ANY(), false), 1010, "killed"));
        assertEquals(version, model.version());
        CellSnapshot after = Snapshots.of(model, "c");
        assertEquals(before.jobs(), after.jobs());
        assertEquals(before.stages(), after.stages());
        assertEquals(List.of("c"), model.cellIds());
        assertTrue(after.tasks().isEmpty());
    }

    /** Tasks of a job the model does not know (started while the monitor was off) must not leave an executor busy. */
    @Test
    void tasksOfAnUnknownStageDoNotLeaveTheExecutorBusy() {
        ev.executorAdded("1", 4, 900);
        StageInfo s = SparkEvents.stage(0, 0, "map", 1);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s);
        StageInfo unknown = SparkEvents.stage(42, 0, "unknown", 3);
        TaskInfo t = ev.taskStart(unknown, 0, "1", 1001);
        ev.taskSucceeded(unknown, t, 1010);
        ExecutorSnapshot executor = Snapshots.executor(Snapshots.of(model, "c"), "1");
        assertEquals(0, executor.activeTasks(), "executor after the unknown stage's task ended: " + executor);
    }

    @Test
    void failedJobIsFailedWithItsReason() {
        StageInfo s = SparkEvents.stage(0, 0, "map", 1);
        StageInfo next = SparkEvents.stage(1, 0, "collect", 2);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s, next);
        ev.stageSubmitted(s, 1000);
        for (int attempt = 0; attempt < 4; attempt++) {
            TaskInfo t = ev.taskStart(s, 0, 0, attempt, "1", 1000 + attempt * 10, false);
            ev.taskFailed(s, t, 1005 + attempt * 10, "java.lang.ArithmeticException: / by zero");
        }
        String reason = "Job aborted due to stage failure: Task 0 in stage 0.0 failed 4 times, most recent failure: "
                + "Lost task 0.3 in stage 0.0 (TID 3) (host-1 executor 1): java.lang.ArithmeticException: / by zero";
        ev.stageFailed(s, 1050, reason);
        ev.jobEnd(0, 1051, new JobFailed(new SparkException(reason)));

        CellSnapshot snap = Snapshots.of(model, "c");
        JobSnapshot job = Snapshots.job(snap, 0);
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals(reason, job.failureReason());
        assertEquals(1051, job.completionTime());
        assertEquals(4, job.failedTasks());
        assertEquals(0, job.completedTasks());
        assertEquals(1, job.failedStages());
        assertEquals(StageStatus.FAILED, Snapshots.stage(snap, 0, 0).status());
        assertEquals(reason, Snapshots.stage(snap, 0, 0).failureReason());
        assertEquals(StageStatus.SKIPPED, Snapshots.stage(snap, 1, 0).status());
        assertEquals(4, snap.tasks().stream().filter(t -> t.status() == TaskStatus.FAILED).count());
        assertTrue(snap.tasks().stream().allMatch(t -> t.errorMessage() != null && t.errorMessage().contains("by zero")));
        assertTrue(snap.allJobsDone());
        assertEquals(1, snap.jobsWith(JobStatus.FAILED));
    }

    @Test
    void jobFailedWithACancelledMessageIsCancelled() {
        StageInfo s = SparkEvents.stage(0, 0, "map", 2);
        ev.jobStart(3, 1000, SparkEvents.cell("c", 1), s);
        ev.stageSubmitted(s, 1000);
        TaskInfo t = ev.taskStart(s, 0, "1", 1000);
        ev.taskKilled(s, t, 1100, "Stage cancelled");
        ev.stageFailed(s, 1101, "Job 3 cancelled part of cancelled job group jspark-cell-c");
        ev.jobEnd(3, 1102, new JobFailed(new SparkException("Job 3 cancelled part of cancelled job group jspark-cell-c")));
        JobSnapshot job = Snapshots.job(model, "c", 3);
        assertEquals(JobStatus.CANCELLED, job.status());
        assertEquals("Job 3 cancelled part of cancelled job group jspark-cell-c", job.failureReason());
        assertEquals(1, job.killedTasks());
        assertEquals(0, job.activeTasks());
    }

    @Test
    void aUsersExceptionThatSaysCancelledIsAFailure() {
        StageInfo s = SparkEvents.stage(0, 0, "map", 1);
        ev.jobStart(4, 1000, SparkEvents.cell("c", 1), s);
        ev.jobEnd(4, 1100, new JobFailed(new SparkException("Job aborted due to stage failure: Task 0 in stage 0.0 failed 1 times,"
                + " most recent failure: java.lang.IllegalStateException: order 7 was cancelled by the customer")));
        assertEquals(JobStatus.FAILED, Snapshots.job(model, "c", 4).status());
    }

    @Test
    void removedExecutorIsKeptWithReasonAndItsCoresLeaveTheTotal() {
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), SparkEvents.stage(0, 0, "map", 1));
        ev.executorAdded("driver", 2, 900);
        ev.executorAdded("1", 8, 950);
        ev.executorAdded("2", 8, 960);
        assertEquals(18, Snapshots.of(model, "c").totalCores());
        ev.executorRemoved("1", 2000, "Executor heartbeat timed out after 120000 ms");

        CellSnapshot snap = Snapshots.of(model, "c");
        assertEquals(3, snap.executors().size());
        ExecutorSnapshot removed = Snapshots.executor(snap, "1");
        assertFalse(removed.isActive());
        assertEquals(2000, removed.removeTime());
        assertEquals("Executor heartbeat timed out after 120000 ms", removed.removeReason());
        assertEquals(8, removed.totalCores());
        assertEquals("host-1", removed.host());
        assertEquals(950, removed.addTime());
        assertTrue(Snapshots.executor(snap, "2").isActive());
        assertEquals(-1, Snapshots.executor(snap, "2").removeTime());
        assertEquals(10, snap.totalCores());
        ActivityPoint last = snap.activity().get(snap.activity().size() - 1);
        assertEquals(10, last.totalCores());

        // Removal twice changes nothing.
        ev.executorRemoved("1", 3000, "again");
        snap = Snapshots.of(model, "c");
        assertEquals(2000, Snapshots.executor(snap, "1").removeTime());
        assertEquals(10, snap.totalCores());
        // Added twice: cores counted once.
        ev.executorAdded("2", 8, 960);
        assertEquals(10, Snapshots.of(model, "c").totalCores());
    }

    @Test
    void removedExecutorsBeyondTheLimitAreTrimmed() {
        MonitorModel small = new MonitorModel(new MonitorLimits(10, 10, 1000, 100, 100, 100, 3));
        SparkEvents e = new SparkEvents(small);
        e.jobStart(0, 1000, SparkEvents.cell("c", 1), SparkEvents.stage(0, 0, "map", 1));
        e.executorAdded("driver", 1, 900);
        for (int i = 0; i < 10; i++) {
            e.executorAdded("e" + i, 2, 1000 + i);
        }
        for (int i = 0; i < 10; i++) {
            e.executorRemoved("e" + i, 2000 + i, "lost " + i);
        }
        CellSnapshot snap = Snapshots.of(small, "c");
        List<String> removed = snap.executors().stream().filter(x -> !x.isActive()).map(ExecutorSnapshot::executorId).toList();
        assertTrue(snap.executors().stream().anyMatch(x -> x.executorId().equals("driver") && x.isActive()));
        assertEquals(1, snap.totalCores());
        assertTrue(removed.size() <= 3, "removed executors kept with removedExecutors=3: " + removed);
        assertTrue(removed.containsAll(List.of("e9")), "the newest removal is kept: " + removed);
    }

    @Test
    void removedExecutorsAreTrimmedWhenNewOnesArrive() {
        MonitorModel small = new MonitorModel(new MonitorLimits(10, 10, 1000, 100, 100, 100, 3));
        SparkEvents e = new SparkEvents(small);
        e.jobStart(0, 1000, SparkEvents.cell("c", 1), SparkEvents.stage(0, 0, "map", 1));
        for (int i = 0; i < 10; i++) {
            e.executorAdded("e" + i, 2, 1000 + i);
            e.executorRemoved("e" + i, 1500 + i, "lost " + i);
        }
        e.executorAdded("last", 4, 3000);
        CellSnapshot snap = Snapshots.of(small, "c");
        List<String> removed = snap.executors().stream().filter(x -> !x.isActive()).map(ExecutorSnapshot::executorId).toList();
        assertEquals(List.of("e7", "e8", "e9"), removed);
        assertEquals(4, snap.totalCores());
    }

    @Test
    void disabledListenerLeavesTheModelUntouched() {
        ev.listener.setEnabled(false);
        assertFalse(ev.listener.isEnabled());
        StageInfo s = SparkEvents.stage(0, 0, "map", 1);
        ev.executorAdded("1", 4, 900);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s);
        ev.stageSubmitted(s, 1000);
        TaskInfo t = ev.taskStart(s, 0, "1", 1000);
        ev.taskSucceeded(s, t, 1010);
        ev.stageCompleted(s, 1011);
        ev.jobSucceeded(0, 1012);
        ev.executorRemoved("1", 1100, "gone");
        ev.listener.onOtherEvent(sqlStart(5, "select 1"));
        // Jobs, stages and tasks are ignored; executor events are kept so cores stay right after re-enabling.
        assertTrue(model.cellIds().isEmpty());
        assertTrue(model.snapshot("c").isEmpty());

        ev.listener.setEnabled(true);
        ev.jobStart(1, 2000, SparkEvents.cell("c", 1), SparkEvents.stage(1, 0, "map", 1));
        assertEquals(List.of("c"), model.cellIds());
        assertEquals(List.of(1), Snapshots.of(model, "c").jobs().stream().map(JobSnapshot::jobId).toList());
    }

    private static SparkListenerSQLExecutionStart sqlStart(long id, String description) {
        return new SparkListenerSQLExecutionStart(id, Option.empty(), description, "details",
                "== Physical Plan ==", null, 1000, new scala.collection.immutable.HashMap<>(),
                new scala.collection.immutable.HashSet<>());
    }

    @Test
    void sqlExecutionDescriptionIsShownForItsJobs() {
        ev.listener.onOtherEvent(sqlStart(7, "select count(*) from people"));
        Properties props = SparkEvents.cell("c", 1);
        props.setProperty("spark.sql.execution.id", "7");
        ev.jobStart(0, 1000, props, SparkEvents.stage(0, 0, "count", 1));
        ev.jobStart(1, 1001, SparkEvents.cell("c", 1), SparkEvents.stage(1, 0, "collect", 1));
        Properties later = SparkEvents.cell("c", 1);
        later.setProperty("spark.sql.execution.id", "8");
        ev.jobStart(2, 1002, later, SparkEvents.stage(2, 0, "show", 1));
        ev.listener.onOtherEvent(sqlStart(8, "show tables"));

        CellSnapshot snap = Snapshots.of(model, "c");
        JobSnapshot sql = Snapshots.job(snap, 0);
        assertEquals(7, sql.sqlExecutionId());
        assertEquals("select count(*) from people", sql.sqlDescription());
        JobSnapshot plain = Snapshots.job(snap, 1);
        assertEquals(-1, plain.sqlExecutionId());
        assertNull(plain.sqlDescription());
        assertEquals("show tables", Snapshots.job(snap, 2).sqlDescription());
    }

    @Test
    void jobWithoutCallSiteIsNamedAfterItsLastStage() {
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), SparkEvents.stage(0, 0, "map at A.java:1", 1),
                SparkEvents.stage(1, 0, "collect at A.java:2", 1));
        assertEquals("collect at A.java:2", Snapshots.job(model, "c", 0).callSite());
    }

    @Test
    void sparkConfConstructorFindsTheRegisteredModel() {
        String key = "test-" + UUID.randomUUID();
        MonitorModel registered = new MonitorModel(MonitorLimits.defaults());
        JobMonitorListener.register(key, registered);
        try {
            SparkConf conf = new SparkConf(false).set(JobMonitorListener.MODEL_KEY, key);
            JobMonitorListener created = new JobMonitorListener(conf);
            assertSame(registered, created.model());
            assertSame(created, JobMonitorListener.createdFor(key));
            assertNull(JobMonitorListener.createdFor("other-" + key));
            new SparkEvents(created).jobStart(0, 1000, SparkEvents.cell("c", 1), SparkEvents.stage(0, 0, "m", 1));
            assertEquals(List.of("c"), registered.cellIds());
        } finally {
            JobMonitorListener.unregister(key);
        }
        assertNull(JobMonitorListener.createdFor(key));
        SparkConf conf = new SparkConf(false).set(JobMonitorListener.MODEL_KEY, key);
        assertThrows(IllegalStateException.class, () -> new JobMonitorListener(conf));
        assertThrows(IllegalStateException.class, () -> new JobMonitorListener(new SparkConf(false)));
    }

    @Test
    void taskMetricsAreReadIntoPhasesThatAddUpToTheDuration() {
        StageInfo s = SparkEvents.stage(0, 0, "shuffle", 1);
        ev.jobStart(0, 1000, SparkEvents.cell("c", 1), s);
        ev.stageSubmitted(s, 1000);
        TaskInfo t = ev.taskStart(s, 0, "1", 10_000);
        TaskMetrics m = TaskMetrics.empty();
        m.setExecutorDeserializeTime(40);
        m.setExecutorRunTime(700);
        m.shuffleReadMetrics().setFetchWaitTime(100);
        m.shuffleReadMetrics().setRemoteBytesRead(5000);
        m.shuffleWriteMetrics().incWriteTime(50_000_000L);
        m.shuffleWriteMetrics().incBytesWritten(3000);
        m.setResultSerializationTime(10);
        t.markGettingResult(10_970);
        t.markFinished(TaskState.FINISHED(), 11_000);
        ev.taskSucceeded(s, t, 11_000, m);

        CellSnapshot snap = Snapshots.of(model, "c");
        TaskSnapshot task = snap.tasks().get(0);
        assertEquals(1000, task.duration());
        assertEquals(40, task.deserializationTime());
        assertEquals(100, task.shuffleReadTime());
        assertEquals(50, task.shuffleWriteTime());
        assertEquals(550, task.computeTime());
        assertEquals(10, task.resultSerializationTime());
        assertEquals(30, task.gettingResultTime());
        assertEquals(220, task.schedulerDelay());
        StageSnapshot stage = Snapshots.stage(snap, 0, 0);
        assertEquals(5000, stage.shuffleReadBytes());
        assertEquals(3000, stage.shuffleWriteBytes());
        assertNotNull(task.executorId());
    }
}
