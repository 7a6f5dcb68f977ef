package io.jspark.kernel.spark;

import org.apache.spark.util.Utils;

/**
 * The name Spark gives this machine ({@code Utils.localHostName}, one for the whole JVM): the local
 * executor is listed under it, and a local cluster's master and workers bind to it. Spark takes the
 * machine's external address unless SPARK_LOCAL_HOSTNAME is set, so a session whose driver is on
 * loopback sets it to the driver's address; a later session with its driver elsewhere (after a failed
 * start) gets Spark's own choice back.
 */
final class SparkHostName {
    private static String sparkChoice;

    private SparkHostName() {
    }

    /** {@code loopbackAddress}: the address the session's driver binds to, or null if not on loopback. */
    static synchronized void useFor(String loopbackAddress) {
        if (loopbackAddress != null) {
            if (sparkChoice == null) {
                sparkChoice = Utils.localHostName();
            }
            Utils.setCustomHostname(loopbackAddress);
        } else if (sparkChoice != null) {
            Utils.setCustomHostname(sparkChoice);
        }
    }
}
