package io.jspark.monitor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The model driven through its own methods, for cases where building Spark events adds nothing. */
class MonitorModelTest {

    private static List<MonitorModel.StageDef> stage(int stageId, int numTasks) {
        return List.of(new MonitorModel.StageDef(stageId, 0, "stage " + stageId, numTasks));
    }

    /** Runs a one-stage job of {@code tasks} tasks of 10 ms each to completion. */
    private static void runJob(MonitorModel model, String cellId, int jobId, int stageId, int tasks, long time) {
        model.jobStarted(jobId, time, cellId, 1, null, "job " + jobId, -1, stage(stageId, tasks));
        model.stageSubmitted(stageId, 0, "stage " + stageId, tasks, time);
        for (int i = 0; i < tasks; i++) {
            long taskId = ((long) stageId << 32) | i;
            model.taskStarted(stageId, 0, taskId, i, 0, "1", "h", time + i, false);
            model.taskEnded(stageId, 0, taskId, TaskStatus.SUCCESS, time + i + 10, TaskMetricsView.none(i, "1"), null);
        }
        model.stageCompleted(stageId, 0, time + tasks + 10, null);
        model.jobEnded(jobId, time + tasks + 11, JobStatus.SUCCEEDED, null);
    }

    @Test
    void memoryStaysBoundedFor200000TasksAndTheSlowestAreKept() {
        int n = 200_000;
        MonitorLimits limits = new MonitorLimits(5, 10, 1000, 100, 40, 64, 10);
        MonitorModel model = new MonitorModel(limits);
        model.executorAdded("1", "h", 8, 0);
        model.jobStarted(0, 1000, "big", 1, null, "big job", -1, stage(0, n));
        model.stageSubmitted(0, 0, "stage 0", n, 1000);
        long time = 1000;
        long[] durations = new long[n];
        for (int i = 0; i < n; i++) {
            // A permutation of 1..n: every duration distinct, slow and fast tasks interleaved.
            durations[i] = ((long) i * 7919) % n + 1;
            model.taskStarted(0, 0, i, i, 0, "1", "h", time, false);
            time += durations[i];
            model.taskEnded(0, 0, i, TaskStatus.SUCCESS, time, TaskMetricsView.none(i, "1"), null);
        }
        model.stageCompleted(0, 0, time, null);
        model.jobEnded(0, time + 1, JobStatus.SUCCEEDED, null);

        CellSnapshot snap = Snapshots.of(model, "big");
        JobSnapshot job = Snapshots.job(snap, 0);
        assertEquals(n, job.completedTasks());
        assertEquals(n, job.numTasks());
        assertEquals(n, Snapshots.stage(snap, 0, 0).completedTasks());
        assertEquals(n, Snapshots.executor(snap, "1").completedTasks());
        assertTrue(snap.tasks().size() <= limits.tasksPerCell(), "records: " + snap.tasks().size());
        assertTrue(snap.tasks().size() <= limits.tasksPerStage(), "records: " + snap.tasks().size());
        assertEquals(limits.tasksPerStage(), snap.tasks().size());
        assertEquals(n - snap.tasks().size(), snap.omittedTasks());
        List<Long> kept = snap.tasks().stream().map(TaskSnapshot::duration).sorted().toList();
        List<Long> slowest = IntStream.rangeClosed(n - limits.tasksPerStage() + 1, n).mapToObj(d -> (long) d).toList();
        assertEquals(slowest, kept);
        assertTrue(snap.activity().size() <= limits.activityPoints(), "activity points: " + snap.activity().size());
        assertTrue(snap.activity().size() >= 2);
        for (int i = 1; i < snap.activity().size(); i++) {
            assertTrue(snap.activity().get(i).time() >= snap.activity().get(i - 1).time(), "activity in time order");
        }
        assertTrue(snap.activity().stream().anyMatch(p -> p.activeTasks() == 1), "the busy state stays visible");
        Snapshots.assertNoNegativeCounts(snap);
    }

    @Test
    void everyStageGetsAShareOfTheTaskRecordsAndKeepsItsSlowest() {
        MonitorLimits limits = new MonitorLimits(5, 10, 1000, 100, 80, 64, 10);
        MonitorModel model = new MonitorModel(limits);
        List<MonitorModel.StageDef> stages = List.of(new MonitorModel.StageDef(0, 0, "a", 1000),
                new MonitorModel.StageDef(1, 0, "b", 1000), new MonitorModel.StageDef(2, 0, "c", 1000));
        model.jobStarted(0, 0, "c", 1, null, "job", -1, stages);
        long taskId = 0;
        for (int s = 0; s < 3; s++) {
            model.stageSubmitted(s, 0, "s", 1000, 0);
            for (int i = 0; i < 1000; i++) {
                long duration = ((long) i * 389) % 1000 + 1;
                model.taskStarted(s, 0, taskId, i, 0, "1", "h", 0, false);
                model.taskEnded(s, 0, taskId, TaskStatus.SUCCESS, duration, TaskMetricsView.none(i, "1"), null);
                taskId++;
            }
            model.stageCompleted(s, 0, 1001, null);
        }
        CellSnapshot snap = Snapshots.of(model, "c");
        assertTrue(snap.tasks().size() <= limits.tasksPerCell(), "records: " + snap.tasks().size());
        Map<Integer, List<Long>> byStage = snap.tasks().stream().collect(Collectors.groupingBy(TaskSnapshot::stageId,
                Collectors.mapping(TaskSnapshot::duration, Collectors.toList())));
        assertEquals(3, byStage.size(), "every stage keeps records: " + byStage.keySet());
        for (var e : byStage.entrySet()) {
            List<Long> durations = new ArrayList<>(e.getValue());
            durations.sort(Comparator.naturalOrder());
            int k = durations.size();
            assertTrue(k <= limits.tasksPerStage());
            assertTrue(k >= 25, "stage " + e.getKey() + " keeps " + k);
            List<Long> slowest = IntStream.rangeClosed(1000 - k + 1, 1000).mapToObj(d -> (long) d).toList();
            assertEquals(slowest, durations, "stage " + e.getKey() + " keeps its slowest tasks");
        }
        assertEquals(3000 - snap.tasks().size(), snap.omittedTasks());
    }

    @Test
    void cellsBeyondTheLimitAreEvictedOldestFinishedFirst() {
        MonitorModel model = new MonitorModel(new MonitorLimits(3, 10, 1000, 100, 100, 100, 10));
        model.jobStarted(0, 1000, "c1", 1, null, "long job", -1, stage(0, 2));
        runJob(model, "c2", 1, 1, 2, 2000);
        runJob(model, "c3", 2, 2, 2, 3000);
        assertEquals(List.of("c1", "c2", "c3"), model.cellIds());

        runJob(model, "c4", 3, 3, 2, 4000);
        assertEquals(List.of("c1", "c3", "c4"), model.cellIds(), "c1 runs, so c2 is the oldest finished cell");
        assertTrue(model.snapshot("c2").isEmpty());
        assertEquals(-1, model.cellVersion("c2"));
        assertTrue(model.hasRunningJobs("c1"));

        model.jobEnded(0, 5000, JobStatus.SUCCEEDED, null);
        runJob(model, "c5", 4, 4, 2, 6000);
        assertEquals(List.of("c3", "c4", "c5"), model.cellIds());
        assertTrue(model.snapshot("c1").isEmpty());
        // Late events of an evicted cell's job are ignored.
        assertDoesNotThrow(() -> model.taskEnded(0, 0, 99, TaskStatus.SUCCESS, 7000, TaskMetricsView.none(0, "1"), null));
        assertDoesNotThrow(() -> model.stageCompleted(1, 0, 7000, null));
        assertDoesNotThrow(() -> model.jobEnded(1, 7000, JobStatus.FAILED, "late"));
        assertEquals(List.of("c3", "c4", "c5"), model.cellIds());
        assertEquals(2, Snapshots.job(model, "c5", 4).completedTasks());
    }

    @Test
    void jobsBeyondTheLimitOfACellAreCountedAsOmitted() {
        MonitorModel model = new MonitorModel(new MonitorLimits(3, 5, 1000, 100, 100, 100, 10));
        model.jobStarted(100, 500, "c", 1, null, "still running", -1, stage(100, 1));
        for (int j = 0; j < 12; j++) {
            runJob(model, "c", j, j, 2, 1000 + j * 100);
        }
        CellSnapshot snap = Snapshots.of(model, "c");
        List<Integer> ids = snap.jobs().stream().map(JobSnapshot::jobId).toList();
        assertEquals(5, ids.size(), "jobs kept: " + ids);
        assertTrue(ids.contains(100), "the running job stays: " + ids);
        assertEquals(List.of(100, 8, 9, 10, 11), ids);
        assertEquals(new DroppedJobs(8, 0, 0, 8, 1000), snap.dropped());
        assertEquals(13, snap.jobCount());
        assertEquals(12, snap.jobsWith(JobStatus.SUCCEEDED));
        assertTrue(snap.stages().stream().allMatch(s -> ids.contains(s.jobIds().get(0))));
    }

    @Test
    void everyJobOfACellIsKeptUpToTwoThousand() {
        MonitorModel model = new MonitorModel(MonitorLimits.defaults());
        for (int j = 0; j < 2000; j++) {
            runJob(model, "fit", j, j, 1, 1000 + j);
        }
        CellSnapshot snap = Snapshots.of(model, "fit");
        assertEquals(2000, snap.jobs().size());
        assertEquals(2000, snap.stages().size());
        assertEquals(DroppedJobs.NONE, snap.dropped());
        model.jobStarted(5000, 9000, "fit", 1, null, "failing", -1, stage(5000, 1));
        model.jobEnded(5000, 9001, JobStatus.FAILED, "boom");
        runJob(model, "fit", 5001, 5001, 1, 9100);
        snap = Snapshots.of(model, "fit");
        assertEquals(2000, snap.jobs().size());
        assertEquals(new DroppedJobs(2, 0, 0, 2, 1000), snap.dropped());
        assertEquals(1, snap.jobsWith(JobStatus.FAILED));
        assertEquals(2001, snap.jobsWith(JobStatus.SUCCEEDED));
        assertEquals(2002, snap.jobCount());
    }

    @Test
    void jobsOverAllCellsAreBoundedByDroppingTheOldestCells() {
        MonitorModel model = new MonitorModel(new MonitorLimits(100, 50, 120, 100, 100, 100, 10));
        int jobId = 0;
        for (String cell : List.of("a", "b", "c")) {
            for (int j = 0; j < 50; j++, jobId++) {
                runJob(model, cell, jobId, jobId, 1, 1000 + jobId);
            }
        }
        assertEquals(List.of("b", "c"), model.cellIds(), "the oldest cell goes once the model holds more than 120 jobs");
        model.jobStarted(900, 9000, "d", 1, null, "long", -1, stage(900, 1));
        for (int j = 0; j < 80; j++, jobId++) {
            runJob(model, "d", jobId, jobId, 1, 9000 + j);
        }
        assertEquals(List.of("c", "d"), model.cellIds());
        assertEquals(50, Snapshots.of(model, "d").jobs().size());
        assertTrue(model.hasRunningJobs("d"));
    }

    @Test
    void cellVersionChangesWithTheCellsOwnJobsOnly() {
        MonitorModel model = new MonitorModel(MonitorLimits.defaults());
        assertEquals(-1, model.cellVersion("A"));
        model.jobStarted(0, 1000, "A", 1, null, "a", -1, stage(0, 2));
        long a1 = model.cellVersion("A");
        assertTrue(a1 >= 0);
        model.jobStarted(1, 1001, "B", 2, null, "b", -1, stage(1, 2));
        long b1 = model.cellVersion("B");
        assertEquals(a1, model.cellVersion("A"), "B's job start");

        model.stageSubmitted(1, 0, "stage 1", 2, 1002);
        model.taskStarted(1, 0, 10, 0, 0, "1", "h", 1003, false);
        model.taskEnded(1, 0, 10, TaskStatus.SUCCESS, 1004, TaskMetricsView.none(0, "1"), null);
        assertEquals(a1, model.cellVersion("A"), "B's stage and task events");
        long b2 = model.cellVersion("B");
        assertTrue(b2 > b1);

        model.stageSubmitted(0, 0, "stage 0", 2, 1005);
        long a2 = model.cellVersion("A");
        assertTrue(a2 > a1);
        model.taskStarted(0, 0, 20, 0, 0, "1", "h", 1006, false);
        long a3 = model.cellVersion("A");
        assertTrue(a3 > a2);
        assertEquals(b2, model.cellVersion("B"), "A's task events");
        model.taskStarted(0, 0, 21, 1, 0, "1", "h", 1006, false);
        model.taskEnded(0, 0, 20, TaskStatus.SUCCESS, 1010, TaskMetricsView.none(0, "1"), null);
        model.taskEnded(0, 0, 21, TaskStatus.SUCCESS, 1010, TaskMetricsView.none(1, "1"), null);
        model.stageCompleted(0, 0, 1011, null);
        long a4 = model.cellVersion("A");
        model.jobEnded(0, 1012, JobStatus.SUCCEEDED, null);
        long a5 = model.cellVersion("A");
        assertTrue(a5 > a4);
        assertEquals(b2, model.cellVersion("B"));

        // A is done: cluster-wide events concern the running cell B only.
        model.executorAdded("9", "h9", 4, 1100);
        model.sqlExecutionStarted(3, "select 1");
        assertEquals(a5, model.cellVersion("A"));
        assertTrue(model.cellVersion("B") > b2);
        assertTrue(model.version() >= model.cellVersion("B"));

        // Unchanged when nothing happens; a snapshot is no change.
        long b3 = model.cellVersion("B");
        model.snapshot("B");
        model.snapshot("A");
        assertEquals(b3, model.cellVersion("B"));
        assertEquals(a5, model.cellVersion("A"));
        assertNotEquals(-1, model.cellVersion("A"));
    }

    @Test
    void snapshotOfARunningCellEndsItsActivityNow() {
        MonitorModel model = new MonitorModel(MonitorLimits.defaults());
        model.executorAdded("1", "h", 4, 0);
        model.jobStarted(0, 1000, "c", 1, null, "a", -1, stage(0, 2));
        model.taskStarted(0, 0, 1, 0, 0, "1", "h", 1100, false);
        long before = System.currentTimeMillis();
        CellSnapshot snap = Snapshots.of(model, "c");
        ActivityPoint last = snap.activity().get(snap.activity().size() - 1);
        assertTrue(last.time() >= before);
        assertEquals(1, last.activeTasks());
        assertEquals(4, last.totalCores());
        assertFalse(snap.allJobsDone());
    }
}
