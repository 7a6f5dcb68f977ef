package io.jspark.kernel.spark;

import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The configuration of a session whose driver binds to a loopback address: every web UI Spark starts
 * from it (the driver's; with a local-cluster master also its master's and workers') binds to that
 * address too. Spark binds a UI to the SPARK_LOCAL_IP variable, else to all interfaces, and has no
 * property for it; it reads the variable through {@code SparkConf.getenv}, which this answers. So the
 * kernel's environment stays as it is, and a session with a master elsewhere keeps its UI reachable.
 * SparkContext and a local cluster work on clones, which stay of this class.
 */
final class LoopbackSparkConf extends SparkConf {
    private static final String LOCAL_IP = "SPARK_LOCAL_IP";
    private static final Pattern LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}|localhost");

    private final String address;

    /** A copy of {@code settings} whose UIs bind to {@code address}. */
    LoopbackSparkConf(String address, SparkConf settings) {
        super(false);
        this.address = address;
        copy(settings, this);
    }

    /** The loopback address the driver of a session with these settings binds to, or null if it binds elsewhere. */
    static String driverAddress(SparkConf conf) {
        String bound = conf.get("spark.driver.bindAddress", conf.get("spark.driver.host", ""));
        return LOOPBACK.matcher(bound).matches() ? bound : null;
    }

    @Override
    public String getenv(String name) {
        return LOCAL_IP.equals(name) ? address : super.getenv(name);
    }

    @Override
    public SparkConf clone() {
        return new LoopbackSparkConf(address, this);
    }

    /** Executors in other JVMs lack this class: whatever is sent to them is a plain SparkConf. */
    private Object writeReplace() {
        return copy(this, new SparkConf(false));
    }

    private static SparkConf copy(SparkConf from, SparkConf to) {
        for (Tuple2<String, String> entry : from.getAll()) {
            // Silently, as SparkConf.clone does: deprecated keys were warned about when first set.
            to.set(entry._1(), entry._2(), true);
        }
        return to;
    }
}
