package io.jspark.bench;

import org.apache.spark.sql.SparkSession;

/**
 * The baseline of bench/first_result_bench.py: a compiled Java program that starts a local
 * SparkSession with the kernel's session settings and counts {@code spark.range(1000)}, so that the
 * time from its JVM's start to the printed {@code result} line can be set beside the time from a
 * kernel's start to the same cell's reply.
 *
 * <p>Usage: FirstSparkResult, run with the kernelspec's jars and JVM flags; prints "result 1000".
 */
public final class FirstSparkResult {
    private FirstSparkResult() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[*]").appName("first-spark-result")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.showConsoleProgress", "false").getOrCreate();
        try {
            System.out.println("result " + spark.range(1000).count());
            System.out.flush();
        } finally {
            spark.stop();
        }
    }
}
