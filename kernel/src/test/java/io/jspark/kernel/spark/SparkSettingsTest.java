package io.jspark.kernel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSettingsTest {
    private static Map<String, String> sessionFor(String master) {
        return SparkSettings.fromEnvironment(Map.of("JSPARK_SPARK_MASTER", master)).sessionProperties();
    }

    @Test
    void mastersOnThisMachineKeepTheDriverOnLoopback() {
        for (String master : new String[] {"local[*]", "local", "local-cluster[2,1,1024]", "spark://127.0.0.1:7077",
                "spark://localhost:7077,localhost:7078"}) {
            assertEquals("127.0.0.1", sessionFor(master).get("spark.driver.host"), master);
            assertEquals("127.0.0.1", sessionFor(master).get("spark.driver.bindAddress"), master);
        }
    }

    @Test
    void mastersElsewhereLetSparkChooseTheDriversAddress() {
        for (String master : new String[] {"yarn", "k8s://https://10.0.0.1:6443", "spark://spark-master:7077",
                "spark://127.0.0.1.example.org:7077"}) {
            assertFalse(sessionFor(master).containsKey("spark.driver.host"), master);
            assertFalse(sessionFor(master).containsKey("spark.driver.bindAddress"), master);
        }
    }

    @Test
    void theSqlTabKeepsFewerQueriesThanSparkWouldInALongSession() {
        assertEquals("200", sessionFor("local[*]").get("spark.sql.ui.retainedExecutions"));
        SparkSettings settings = SparkSettings.fromEnvironment(Map.of());
        settings.put("spark.sql.ui.retainedExecutions", "1000", "%%spark");
        assertEquals("1000", settings.sessionProperties().get("spark.sql.ui.retainedExecutions"));
    }

    @Test
    void killedTasksAreWatchedByTheTaskReaperUnlessTheUserSaysOtherwise() {
        assertEquals("true", sessionFor("local[*]").get("spark.task.reaper.enabled"));
        SparkSettings settings = SparkSettings.fromEnvironment(Map.of());
        settings.put("spark.task.reaper.enabled", "false", "%%spark");
        assertEquals("false", settings.sessionProperties().get("spark.task.reaper.enabled"));
    }

    @Test
    void addressesTheUserSetStay() {
        SparkSettings settings = SparkSettings.fromEnvironment(Map.of("JSPARK_SPARK_MASTER", "yarn"));
        settings.put("spark.driver.host", "10.1.2.3", "%%spark");
        assertEquals("10.1.2.3", settings.sessionProperties().get("spark.driver.host"));
        assertFalse(settings.sessionProperties().containsKey("spark.driver.bindAddress"));
    }

    @Test
    void mastersThatCannotWorkInThisEnvironmentAreRefusedWithTheFix(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws java.io.IOException {
        assertTrue(SparkSettings.masterProblem("yarn", Map.of()).contains("HADOOP_CONF_DIR"));
        assertNull(SparkSettings.masterProblem("yarn", Map.of("YARN_CONF_DIR", "/etc/hadoop")));
        assertTrue(SparkSettings.masterProblem("local-cluster[2,1,1024]", Map.of()).contains("SPARK_HOME is not set"));
        assertTrue(SparkSettings.masterProblem("local-cluster[2,1,1024]", Map.of("SPARK_HOME", home.toString())).contains("no jars folder"));
        java.nio.file.Files.createDirectory(home.resolve("jars"));
        assertNull(SparkSettings.masterProblem("local-cluster[2,1,1024]", Map.of("SPARK_HOME", home.toString())));
        assertNull(SparkSettings.masterProblem("local[*]", Map.of()));
        assertNull(SparkSettings.masterProblem("spark://127.0.0.1:7077", Map.of()));
    }

    @Test
    void sparkFindsTheClusterManagersOfYarnAndKubernetes() {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (String master : new String[] {"yarn", "k8s://https://127.0.0.1:6443"}) {
            for (org.apache.spark.scheduler.ExternalClusterManager manager
                    : java.util.ServiceLoader.load(org.apache.spark.scheduler.ExternalClusterManager.class)) {
                if (manager.canCreate(master)) {
                    found.add(master);
                }
            }
        }
        assertEquals(java.util.List.of("yarn", "k8s://https://127.0.0.1:6443"), found);
    }
}
