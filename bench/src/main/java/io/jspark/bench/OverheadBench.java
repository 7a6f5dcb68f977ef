package io.jspark.bench;

import io.jspark.display.MimeBundle;
import io.jspark.display.monitor.DisplaySink;
import io.jspark.display.monitor.MonitorDisplay;
import io.jspark.display.monitor.MonitorRenderer;
import io.jspark.monitor.CellTag;
import io.jspark.monitor.JobMonitorListener;
import io.jspark.monitor.MonitorLimits;
import io.jspark.monitor.MonitorModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The same 10,000-task job on local[2], alternately with the monitor on (listener and live display
 * rendering) and off, in one JVM; reports median times, their ratio, and the display's update rate.
 */
public final class OverheadBench {
    private static final int TASKS = 10_000;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        MonitorModel model = new MonitorModel(MonitorLimits.defaults());
        String key = "bench-model";
        JobMonitorListener.register(key, model);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("jspark-overhead-bench")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.extraListeners", JobMonitorListener.class.getName())
                .config(JobMonitorListener.MODEL_KEY, key).getOrCreate();
        JobMonitorListener listener = JobMonitorListener.createdFor(key);
        AtomicInteger updates = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        AtomicInteger maxBytes = new AtomicInteger();
        DisplaySink sink = new DisplaySink() {
            @Override
            public void show(String cellId, String displayId, MimeBundle bundle) {
                count(bundle);
            }

            @Override
            public void update(String cellId, String displayId, MimeBundle bundle) {
                count(bundle);
            }

            private void count(MimeBundle bundle) {
                int size = MonitorRenderer.wireSize(bundle);
                updates.incrementAndGet();
                bytes.addAndGet(size);
                maxBytes.accumulateAndGet(size, Math::max);
            }
        };
        MonitorDisplay display = new MonitorDisplay(model, new MonitorRenderer(), sink);
        display.start();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> data = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            data.add(i);
        }
        runJob(sc, data, "warm-up");
        runJob(sc, data, "warm-up-2");
        double[] on = new double[rounds];
        double[] off = new double[rounds];
        double[] rate = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (boolean monitored : new boolean[] {r % 2 == 0, r % 2 != 0}) {
                listener.setEnabled(monitored);
                display.setEnabled(monitored);
                int before = updates.get();
                String cell = (monitored ? "on-" : "off-") + r;
                long t0 = System.nanoTime();
                runJob(sc, data, cell);
                if (monitored) {
                    display.cellFinished(cell, 2000);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (monitored) {
                    on[r] = seconds;
                    rate[r] = (updates.get() - before) / seconds;
                } else {
                    off[r] = seconds;
                }
            }
        }
        display.close();
        spark.stop();
        double medOn = Stats.median(on);
        double medOff = Stats.median(off);
        System.out.println("Machine: " + Stats.machine());
        System.out.printf(Locale.ROOT, "%,d-task job on local[2]: monitor on median %.2f s, off median %.2f s, ratio %.3f (%d rounds, alternating order)%n",
                TASKS, medOn, medOff, medOn / medOff, rounds);
        System.out.printf(Locale.ROOT, "display updates while monitored: median %.1f per second per cell; largest update %,d bytes%n",
                Stats.median(rate), maxBytes.get());
    }

    private static void runJob(JavaSparkContext sc, List<Integer> data, String cell) {
        sc.setLocalProperty(CellTag.CELL_ID, cell);
        sc.setLocalProperty(CellTag.EXECUTION_COUNT, "1");
        long count = sc.parallelize(data, TASKS).map(x -> x + 1).count();
        if (count != TASKS) {
            throw new IllegalStateException("wrong count " + count);
        }
    }
}
