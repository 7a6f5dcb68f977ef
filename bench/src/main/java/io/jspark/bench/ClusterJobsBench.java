package io.jspark.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline of bench/cluster_bench.py: a compiled Java program, no kernel, submitting the same
 * trivial jobs to the same cluster as the notebook cell does. Prints one line per timed round:
 * {@code round <variant> <milliseconds>}.
 *
 * <p>Usage: ClusterJobsBench MASTER WARMUP_ROUNDS ROUNDS JOBS, run from the bench module's jar.
 */
public final class ClusterJobsBench {
    private ClusterJobsBench() {
    }

    public static void main(String[] args) {
        String master = args[0];
        int warmup = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int jobs = Integer.parseInt(args[3]);
        // Executors load this program's lambdas from its jar, as spark-submit would ship it.
        String ownJar = ClusterJobsBench.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        // The same settings the kernel starts its session with.
        SparkSession spark = SparkSession.builder().master(master).appName("cluster-jobs-bench").config("spark.jars", ownJar)
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.showConsoleProgress", "false").getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaRDD<Integer> data = sc.parallelize(List.of(1, 2, 3, 4), 2);
            int offset = 1;
            waitForExecutors(spark, 2);
            for (int r = 0; r < warmup; r++) {
                runJobs(data, jobs);
                runJobsCapturing(data, jobs, offset);
            }
            List<String> lines = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                runJobs(data, jobs);
                lines.add("round constant " + (System.nanoTime() - t0) / 1_000_000);
                t0 = System.nanoTime();
                runJobsCapturing(data, jobs, offset);
                lines.add("round variable " + (System.nanoTime() - t0) / 1_000_000);
            }
            lines.forEach(System.out::println);
        } finally {
            spark.stop();
        }
    }

    private static void runJobs(JavaRDD<Integer> data, int jobs) {
        for (int i = 0; i < jobs; i++) {
            data.map(x -> x + 1).count();
        }
    }

    /** As the notebook cell that reads a top-level variable; here the lambda captures a local. */
    private static void runJobsCapturing(JavaRDD<Integer> data, int jobs, int offset) {
        for (int i = 0; i < jobs; i++) {
            data.map(x -> x + offset).count();
        }
    }

    private static void waitForExecutors(SparkSession spark, int count) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < count + 1) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("executors did not register within 2 minutes");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
