package io.jspark.display.monitor;

import io.jspark.monitor.ActivityPoint;
import io.jspark.monitor.CellSnapshot;
import io.jspark.monitor.DroppedJobs;
import io.jspark.monitor.ExecutorSnapshot;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import io.jspark.monitor.StageSnapshot;
import io.jspark.monitor.StageStatus;
import io.jspark.monitor.TaskSnapshot;
import io.jspark.monitor.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/** Snapshot records built by hand, as the model would produce them. */
final class Snapshots {
    static final long T0 = 1_700_000_000_000L;

    private Snapshots() {
    }

    static JobSnapshot job(int id, String description, JobStatus status, int numTasks, int completed, int active,
            int failed, List<Integer> stageIds, String failureReason) {
        boolean done = status != JobStatus.RUNNING;
        return new JobSnapshot(id, description, "collect at cell [5], line " + id, status, T0 + id * 1000L,
                done ? T0 + id * 1000L + 900 : -1, stageIds, numTasks, active, completed, failed, 0, 0,
                stageIds.size(), done && status == JobStatus.SUCCEEDED ? stageIds.size() : 0,
                status == JobStatus.FAILED ? 1 : 0, 0, failureReason, -1, null);
    }

    static StageSnapshot stage(int id, int jobId, String name, StageStatus status, int numTasks, int completed,
            int active, int failed, String failureReason) {
        boolean done = status == StageStatus.COMPLETE || status == StageStatus.FAILED;
        return new StageSnapshot(id, 0, name, status, numTasks, active, completed, failed, 0, 1 << 20, 0, 4096, 2048,
                status == StageStatus.PENDING ? -1 : T0 + jobId * 1000L + 10, done ? T0 + jobId * 1000L + 800 : -1,
                failureReason, List.of(jobId));
    }

    static TaskSnapshot task(long id, int index, int stageId, String executor, long launch, long finish, TaskStatus status,
            String error) {
        long d = Math.max(0, finish - launch);
        return new TaskSnapshot(id, index, 0, stageId, 0, executor, "host-" + executor, launch, finish, status, false,
                finish < 0 ? 0 : d / 10, finish < 0 ? 0 : d / 10, 0, finish < 0 ? 0 : d - 2 * (d / 10), 0, 0, 0, error);
    }

    /** Three jobs of cell [5]: 3 succeeded, 4 running at 4/8 with 2 running tasks, 5 failed. */
    static CellSnapshot realistic() {
        List<JobSnapshot> jobs = List.of(
                job(3, "load table", JobStatus.SUCCEEDED, 8, 8, 0, 0, List.of(3), null),
                job(4, null, JobStatus.RUNNING, 8, 4, 2, 0, List.of(4, 5), null),
                job(5, "divide", JobStatus.FAILED, 2, 0, 0, 4, List.of(6),
                        "Job aborted due to stage failure: Task 0 in stage 6.0 failed 4 times\n\tat Foo.bar(Foo.java:1)"));
        List<StageSnapshot> stages = List.of(
                stage(3, 3, "parquet at cell [5], line 3", StageStatus.COMPLETE, 8, 8, 0, 0, null),
                stage(4, 4, "map at cell [5], line 4", StageStatus.ACTIVE, 8, 4, 2, 0, null),
                stage(5, 4, "collect at cell [5], line 4", StageStatus.PENDING, 2, 0, 0, 0, null),
                stage(6, 5, "divide at cell [5], line 5", StageStatus.FAILED, 2, 0, 0, 4, "Task 0 in stage 6.0 failed 4 times"));
        List<ExecutorSnapshot> executors = List.of(
                new ExecutorSnapshot("driver", "host-driver", 4, 2, 16, 4, T0 - 5000, -1, null),
                new ExecutorSnapshot("1", "host-1", 8, 0, 3, 0, T0 - 4000, T0 + 2000, "Executor heartbeat timed out"));
        List<TaskSnapshot> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(task(i, i, 3, "driver", T0 + 3000 + i * 10, T0 + 3500 + i * 20, TaskStatus.SUCCESS, null));
        }
        for (int i = 0; i < 4; i++) {
            tasks.add(task(10 + i, i, 4, "driver", T0 + 4100 + i * 10, T0 + 4400, TaskStatus.SUCCESS, null));
        }
        tasks.add(task(20, 4, 4, "driver", T0 + 4500, -1, TaskStatus.RUNNING, null));
        tasks.add(task(21, 5, 4, "driver", T0 + 4510, -1, TaskStatus.RUNNING, null));
        tasks.add(task(30, 0, 6, "driver", T0 + 5100, T0 + 5200, TaskStatus.FAILED, "java.lang.ArithmeticException: / by zero"));
        List<ActivityPoint> activity = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            activity.add(new ActivityPoint(T0 + 3000 + i * 300L, i % 4, 12));
        }
        return new CellSnapshot("msg-1", 5, T0 + 6000, jobs, stages, executors, tasks, activity, DroppedJobs.NONE, 0);
    }

    /**
     * A finished cell of {@code n} jobs as an ML fit or an iterative algorithm makes them: each job runs
     * one stage of 8 tasks and skips an earlier one of 8 (its shuffle output was there); every 50th job failed.
     */
    static CellSnapshot manyJobs(int n) {
        List<JobSnapshot> jobs = new ArrayList<>();
        List<StageSnapshot> stages = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            boolean failed = j % 50 == 49;
            long start = T0 + j * 100L;
            jobs.add(new JobSnapshot(j, null, "treeAggregate at cell [7], line " + (1 + j % 9),
                    failed ? JobStatus.FAILED : JobStatus.SUCCEEDED, start, start + 80, List.of(2 * j, 2 * j + 1), 16, 0,
                    failed ? 7 : 8, failed ? 1 : 0, 8, 0, 2, failed ? 0 : 1, failed ? 1 : 0, 1,
                    failed ? "Job aborted due to stage failure: boom " + j : null, -1, null));
            stages.add(new StageSnapshot(2 * j, 0, "map at cell [7], line 3", StageStatus.SKIPPED, 8, 0, 0, 0, 0, 0, 0, 0, 0,
                    -1, -1, null, List.of(j)));
            stages.add(new StageSnapshot(2 * j + 1, 0, "treeAggregate at cell [7], line 4",
                    failed ? StageStatus.FAILED : StageStatus.COMPLETE, 8, 0, failed ? 7 : 8, failed ? 1 : 0, 0, 0, 0, 4096, 0,
                    start + 5, start + 75, failed ? "boom" : null, List.of(j)));
        }
        List<ExecutorSnapshot> executors = List.of(new ExecutorSnapshot("driver", "127.0.0.1", 1, 0, 8 * n, n / 50, T0 - 5000, -1, null));
        List<TaskSnapshot> tasks = new ArrayList<>();
        for (int j = 0; j < Math.min(n, 500); j++) {
            for (int i = 0; i < 8; i++) {
                long launch = T0 + j * 100L + 5 + i * 8;
                tasks.add(task(8L * j + i, i, 2 * j + 1, "driver", launch, launch + 8, TaskStatus.SUCCESS, null));
            }
        }
        List<ActivityPoint> activity = new ArrayList<>();
        for (int i = 0; i < Math.min(1000, 2 * n); i++) {
            activity.add(new ActivityPoint(T0 + i * 50L, i % 2, 1));
        }
        long end = T0 + (n - 1) * 100L + 80;
        return new CellSnapshot("fit", 7, end + 10, jobs, stages, executors, tasks, activity, DroppedJobs.NONE, 0);
    }
}
