package io.jspark.bench;

import io.jspark.display.MimeBundle;
import io.jspark.display.monitor.MonitorRenderer;
import io.jspark.monitor.CellSnapshot;
import io.jspark.monitor.MonitorLimits;
import io.jspark.monitor.MonitorModel;
import io.jspark.monitor.TaskMetricsView;
import io.jspark.monitor.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Time to take a snapshot of a cell that ran 100,000 tasks (20 jobs of 2 stages on 16 executors of
 * 4 cores) and draw it: the jobs table, the timeline, the task graph, executors and the JSON. Then the
 * same for cells of 13, 200 and 2,000 small jobs, as ML fits and iterative algorithms run them.
 */
public final class RenderBench {
    private static final int JOBS = 20;
    private static final int TASKS_PER_STAGE = 2_500;
    private static final int EXECUTORS = 16;

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        MonitorModel model = new MonitorModel(MonitorLimits.defaults());
        long t = 1_700_000_000_000L;
        for (int e = 0; e < EXECUTORS; e++) {
            model.executorAdded(Integer.toString(e), "host" + e, 4, t);
        }
        long taskId = 0;
        int stageId = 0;
        for (int job = 0; job < JOBS; job++) {
            List<MonitorModel.StageDef> stages = List.of(
                    new MonitorModel.StageDef(stageId, 0, "map at bench", TASKS_PER_STAGE),
                    new MonitorModel.StageDef(stageId + 1, 0, "reduce at bench", TASKS_PER_STAGE));
            model.jobStarted(job, t, "cell", 1, null, "count at bench", -1, stages);
            for (int s = stageId; s < stageId + 2; s++) {
                model.stageSubmitted(s, 0, "stage", TASKS_PER_STAGE, t);
                for (int i = 0; i < TASKS_PER_STAGE; i++) {
                    String executor = Integer.toString(i % EXECUTORS);
                    long launch = t + i / 64 * 20;
                    model.taskStarted(s, 0, taskId, i, 0, executor, "host" + executor, launch, false);
                    long finish = launch + 15 + (i * 7919L) % 40;
                    TaskStatus status = i % 997 == 0 ? TaskStatus.FAILED : TaskStatus.SUCCESS;
                    model.taskEnded(s, 0, taskId++, status, finish,
                            new TaskMetricsView(i, executor, 1024, 0, 512, 512, 1, finish - launch - 3, 1, 1, 0, 0),
                            status == TaskStatus.FAILED ? "java.lang.IllegalStateException: bench failure" : null);
                }
                t += TASKS_PER_STAGE / 64 * 20 + 100;
                model.stageCompleted(s, 0, t, null);
            }
            model.jobEnded(job, t, io.jspark.monitor.JobStatus.SUCCEEDED, null);
            stageId += 2;
        }
        MonitorRenderer renderer = new MonitorRenderer(() -> "http://127.0.0.1:4040");
        for (int i = 0; i < 20; i++) {
            renderer.render(model.snapshot("cell").orElseThrow());
        }
        double[] millis = new double[runs];
        int size = 0;
        List<Double> snapshotOnly = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            CellSnapshot snapshot = model.snapshot("cell").orElseThrow();
            long t1 = System.nanoTime();
            MimeBundle bundle = renderer.render(snapshot);
            millis[r] = (System.nanoTime() - t0) / 1e6;
            snapshotOnly.add((t1 - t0) / 1e6);
            size = MonitorRenderer.wireSize(bundle);
        }
        System.out.println("Machine: " + Stats.machine());
        System.out.printf(Locale.ROOT, "snapshot + render of a cell with %,d tasks: median %.1f ms over %d runs "
                        + "(snapshot alone %.1f ms); update size %,d bytes%n",
                taskId, Stats.median(millis), runs, Stats.median(snapshotOnly.stream().mapToDouble(Double::doubleValue).toArray()), size);
        for (int jobs : new int[] {13, 200, 2000}) {
            manyJobs(jobs, runs);
        }
    }

    /** A cell of {@code jobs} jobs of one 2-task stage each, every 50th failed; drawn once finished. */
    private static void manyJobs(int jobs, int runs) {
        MonitorModel model = new MonitorModel(MonitorLimits.defaults());
        long t = 1_700_000_000_000L;
        model.executorAdded("driver", "127.0.0.1", 2, t);
        for (int job = 0; job < jobs; job++, t += 10) {
            model.jobStarted(job, t, "cell", 1, null, "count at cell [3], line 5", -1,
                    List.of(new MonitorModel.StageDef(job, 0, "count at cell [3], line 5", 2)));
            model.stageSubmitted(job, 0, "count at cell [3], line 5", 2, t);
            for (int i = 0; i < 2; i++) {
                long id = 2L * job + i;
                model.taskStarted(job, 0, id, i, 0, "driver", "127.0.0.1", t, false);
                model.taskEnded(job, 0, id, TaskStatus.SUCCESS, t + 5, new TaskMetricsView(i, "driver", 0, 0, 0, 0, 1, 3, 0, 0, 0, 0), null);
            }
            boolean failed = job % 50 == 49;
            model.stageCompleted(job, 0, t + 6, failed ? "bench failure" : null);
            model.jobEnded(job, t + 7, failed ? io.jspark.monitor.JobStatus.FAILED : io.jspark.monitor.JobStatus.SUCCEEDED,
                    failed ? "Job aborted due to stage failure: bench failure" : null);
        }
        MonitorRenderer renderer = new MonitorRenderer(() -> "http://127.0.0.1:4040");
        for (int i = 0; i < 20; i++) {
            renderer.render(model.snapshot("cell").orElseThrow());
        }
        double[] millis = new double[runs];
        MimeBundle bundle = null;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            bundle = renderer.render(model.snapshot("cell").orElseThrow());
            millis[r] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(Locale.ROOT, "snapshot + render of a cell of %,d jobs: median %.1f ms over %d runs; HTML and text %,d bytes,"
                + " whole bundle with every job in the JSON %,d bytes%n", jobs, Stats.median(millis), runs,
                MonitorRenderer.drawnSize(bundle), MonitorRenderer.wireSize(bundle));
    }
}
