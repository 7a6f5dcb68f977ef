package io.jspark.kernel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class LoopbackSparkConfTest {
    private static SparkConf conf(String... keysAndValues) {
        SparkConf conf = new SparkConf(false);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            conf.set(keysAndValues[i], keysAndValues[i + 1]);
        }
        return conf;
    }

    @Test
    void theDriversBindAddressDecidesAndFallsBackToItsHost() {
        assertEquals("127.0.0.1", LoopbackSparkConf.driverAddress(conf("spark.driver.bindAddress", "127.0.0.1")));
        assertEquals("localhost", LoopbackSparkConf.driverAddress(conf("spark.driver.host", "localhost")));
        assertNull(LoopbackSparkConf.driverAddress(conf("spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "0.0.0.0")));
        assertNull(LoopbackSparkConf.driverAddress(conf("spark.driver.host", "127.0.0.1.example.org")));
        assertNull(LoopbackSparkConf.driverAddress(conf()));
    }

    @Test
    void theUisAddressSurvivesTheClonesSparkWorksOn() {
        SparkConf clone = new LoopbackSparkConf("127.0.0.1", conf("spark.master", "local[2]")).clone();
        assertEquals("127.0.0.1", clone.getenv("SPARK_LOCAL_IP"));
        assertEquals(System.getenv("PATH"), clone.getenv("PATH"));
        assertEquals("local[2]", clone.get("spark.master"));
    }

    @Test
    void whatIsSerializedIsAPlainSparkConf() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new LoopbackSparkConf("127.0.0.1", conf("spark.master", "local[2]")));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            SparkConf read = (SparkConf) in.readObject();
            assertSame(SparkConf.class, read.getClass());
            assertEquals("local[2]", read.get("spark.master"));
        }
    }
}
