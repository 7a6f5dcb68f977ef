package io.jspark.bench;

import io.jspark.monitor.CellTag;
import io.jspark.monitor.JobMonitorListener;
import io.jspark.monitor.MonitorLimits;
import io.jspark.monitor.MonitorModel;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.spark.Success$;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import scala.collection.JavaConverters;

/**
 * Feeds real Spark listener events for a job of a million tasks straight to the monitor's listener
 * on one thread: task events per second, and how much the heap grows while the model holds the job.
 * Run with -Xmx1g so that heap figures mean something.
 */
public final class ListenerBench {
    private static final int TASKS = 1_000_000;
    private static final int BATCH = 20_000;
    private static final int EXECUTORS = 16;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double[] rates = new double[rounds];
        double[] heapMb = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long before = usedHeapAfterGc();
            MonitorModel model = new MonitorModel(MonitorLimits.defaults());
            JobMonitorListener listener = new JobMonitorListener(model);
            long nanos = feed(listener, r);
            long after = usedHeapAfterGc();
            rates[r] = 2.0 * TASKS / (nanos / 1e9);
            heapMb[r] = (after - before) / (1024.0 * 1024.0);
            if (model.snapshot("cell-" + r).orElseThrow().jobs().get(0).completedTasks() != TASKS) {
                throw new IllegalStateException("the model lost tasks");
            }
        }
        System.out.println("Machine: " + Stats.machine());
        System.out.printf(Locale.ROOT, "listener throughput: median %.0f task events/s over %d rounds of %,d tasks (%d start + end events)%n",
                Stats.median(rates), rounds, TASKS, 2 * TASKS);
        System.out.printf(Locale.ROOT, "heap held by the model after %,d tasks: median %.1f MB%n", TASKS, Stats.median(heapMb));
    }

    /** Returns the nanoseconds spent inside the listener only; events are built in batches outside the clock. */
    private static long feed(JobMonitorListener listener, int round) {
        Properties props = new Properties();
        props.setProperty(CellTag.CELL_ID, "cell-" + round);
        props.setProperty(CellTag.EXECUTION_COUNT, "1");
        StageInfo stage = new StageInfo(0, 0, "bench stage", TASKS,
                JavaConverters.asScalaBuffer(List.<org.apache.spark.storage.RDDInfo>of()).toSeq(),
                JavaConverters.asScalaBuffer(List.<Object>of()).toSeq(), "bench", TaskMetrics.empty(),
                JavaConverters.asScalaBuffer(List.<scala.collection.Seq<org.apache.spark.scheduler.TaskLocation>>of()).toSeq(),
                scala.Option.empty(), 0, false, 0);
        long start = System.currentTimeMillis();
        long t0 = System.nanoTime();
        listener.onJobStart(new SparkListenerJobStart(0, start, JavaConverters.asScalaBuffer(List.of(stage)).toSeq(), props));
        listener.onStageSubmitted(new SparkListenerStageSubmitted(stage, props));
        long inside = System.nanoTime() - t0;
        TaskMetrics metrics = TaskMetrics.empty();
        ExecutorMetrics executorMetrics = new ExecutorMetrics();
        SparkListenerTaskStart[] starts = new SparkListenerTaskStart[BATCH];
        SparkListenerTaskEnd[] ends = new SparkListenerTaskEnd[BATCH];
        for (int base = 0; base < TASKS; base += BATCH) {
            for (int i = 0; i < BATCH; i++) {
                int id = base + i;
                TaskInfo info = new TaskInfo(id, id, 0, id, start + id / 100, String.valueOf(id % EXECUTORS),
                        "host" + (id % EXECUTORS), TaskLocality.PROCESS_LOCAL(), false);
                starts[i] = new SparkListenerTaskStart(0, 0, info);
                info.markFinished(org.apache.spark.TaskState.FINISHED(), start + id / 100 + 5 + id % 7);
                ends[i] = new SparkListenerTaskEnd(0, 0, "ResultTask", Success$.MODULE$, info, executorMetrics, metrics);
            }
            long b0 = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                listener.onTaskStart(starts[i]);
                listener.onTaskEnd(ends[i]);
            }
            inside += System.nanoTime() - b0;
        }
        long c0 = System.nanoTime();
        listener.onStageCompleted(new SparkListenerStageCompleted(stage));
        listener.onJobEnd(new SparkListenerJobEnd(0, System.currentTimeMillis(), JobSucceeded$.MODULE$));
        return inside + System.nanoTime() - c0;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
