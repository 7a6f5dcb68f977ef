package io.jspark.kernel.spark;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The Spark properties a session starts with, from lowest to highest precedence: the kernel's
 * defaults, a spark-defaults.conf-style file, the environment, and %%spark cells. Spark itself also
 * reads {@code -Dspark.*} system properties (set them in JSPARK_JVM_OPTS). Used on the cell thread.
 */
public final class SparkSettings {
    private static final String KERNEL_DEFAULT = "kernel default";
    /** The addresses the driver binds and advertises by default; right for masters on this machine only. */
    private static final java.util.List<String> LOOPBACK_DRIVER = java.util.List.of("spark.driver.host", "spark.driver.bindAddress");
    private static final java.util.regex.Pattern LOOPBACK_MASTER = java.util.regex.Pattern.compile(
            "local(\\[.*\\]|-cluster\\[.*\\])?|spark://(127\\.0\\.0\\.1|localhost)(:\\d+)?(,(127\\.0\\.0\\.1|localhost)(:\\d+)?)*");

    private final Map<String, String> properties = new LinkedHashMap<>();
    /** Keys whose value is still the kernel's default. */
    private final java.util.Set<String> kernelDefaults = new java.util.HashSet<>();
    /** JSPARK_SPARK_UI_URL: the UI's base URL as the browser reaches it; {port} stands for the UI's port. */
    private String uiUrlTemplate;

    public static SparkSettings fromEnvironment(Map<String, String> env) {
        SparkSettings settings = new SparkSettings();
        settings.put("spark.master", "local[*]", KERNEL_DEFAULT);
        settings.put("spark.app.name", "spark-java notebook", KERNEL_DEFAULT);
        settings.put("spark.driver.host", "127.0.0.1", KERNEL_DEFAULT);
        settings.put("spark.driver.bindAddress", "127.0.0.1", KERNEL_DEFAULT);
        settings.put("spark.ui.showConsoleProgress", "false", KERNEL_DEFAULT);
        // A killed task that does not stop gets its stack logged every 10 s (in local mode that is
        // all the reaper does); with spark.task.reaper.killTimeout set, a cluster's executor stuck
        // in one is restarted.
        settings.put("spark.task.reaper.enabled", "true", KERNEL_DEFAULT);
        // Each query the SQL tab keeps holds its plan and metrics (about 10 KB of the kernel's heap);
        // Spark's 1,000 is a day of notebook cells, and the cells' own monitors show their jobs anyway.
        settings.put("spark.sql.ui.retainedExecutions", "200", KERNEL_DEFAULT);
        settings.put("spark.ui.filters", UiFramingFilter.class.getName(), KERNEL_DEFAULT);
        String ancestors = env.get("JSPARK_UI_FRAME_ANCESTORS");
        settings.put("spark." + UiFramingFilter.class.getName() + ".param." + UiFramingFilter.ANCESTORS_PARAM,
                ancestors == null || ancestors.isBlank() ? UiFramingFilter.DEFAULT_ANCESTORS : ancestors.trim(),
                ancestors == null || ancestors.isBlank() ? KERNEL_DEFAULT : "JSPARK_UI_FRAME_ANCESTORS");
        Path file = defaultsFile(env);
        if (file != null && Files.isReadable(file)) {
            settings.load(file);
        }
        settings.uiUrlTemplate = env.get("JSPARK_SPARK_UI_URL");
        String master = env.get("JSPARK_SPARK_MASTER");
        if (master != null && !master.isBlank()) {
            settings.put("spark.master", master.trim(), "JSPARK_SPARK_MASTER");
        }
        return settings;
    }

    private static Path defaultsFile(Map<String, String> env) {
        String explicit = env.get("JSPARK_SPARK_DEFAULTS");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String confDir = env.get("SPARK_CONF_DIR");
        if (confDir != null && !confDir.isBlank()) {
            return Path.of(confDir, "spark-defaults.conf");
        }
        String home = env.get("SPARK_HOME");
        return home == null || home.isBlank() ? null : Path.of(home, "conf", "spark-defaults.conf");
    }

    /** Reads "key value" or "key=value" lines, as spark-defaults.conf has them; # starts a comment. */
    void load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Properties p = new Properties();
            p.load(reader);
            p.stringPropertyNames().stream().sorted()
                    .forEach(k -> put(k.trim(), p.getProperty(k).trim(), file.toString()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the body of a %%spark cell: one property per line, "key value" or "key=value". */
    public Map<String, String> parse(String body) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> parsed.put(k.trim(), p.getProperty(k).trim()));
        return parsed;
    }

    /** {@code origin} says where the value came from, for the kernel log. */
    public void put(String key, String value, String origin) {
        properties.put(key, value);
        if (origin.equals(KERNEL_DEFAULT)) {
            kernelDefaults.add(key);
        } else {
            kernelDefaults.remove(key);
        }
        System.getLogger(SparkSettings.class.getName()).log(System.Logger.Level.DEBUG, key + " = " + value + " (" + origin + ")");
    }

    /**
     * The properties a session starts with. With a master on other machines (YARN, Kubernetes, a
     * standalone master elsewhere), executors there must reach the driver, so the kernel's loopback
     * defaults for the driver's address give way to Spark's own choice, the machine's address;
     * addresses set by the user stay.
     */
    public Map<String, String> sessionProperties() {
        Map<String, String> session = new LinkedHashMap<>(properties);
        if (!LOOPBACK_MASTER.matcher(properties.getOrDefault("spark.master", "local[*]")).matches()) {
            for (String key : LOOPBACK_DRIVER) {
                if (kernelDefaults.contains(key)) {
                    session.remove(key);
                }
            }
        }
        return session;
    }

    /**
     * Why a session with this master cannot start in this environment, or null. Spark itself would
     * wait for executors that never come (local-cluster without jars) or retry a ResourceManager for
     * fifteen minutes (YARN without its configuration).
     */
    public static String masterProblem(String master, Map<String, String> env) {
        if (master.startsWith("local-cluster")) {
            String home = env.get("SPARK_HOME");
            if (home == null || !Files.isDirectory(Path.of(home, "jars"))) {
                return "A local-cluster master starts executors with the jars in SPARK_HOME/jars, but SPARK_HOME "
                        + (home == null ? "is not set" : home + " has no jars folder")
                        + ". Start the kernel from its kernelspec, which sets it, or set SPARK_HOME to a Spark 3.5 distribution.";
            }
        }
        if (master.equals("yarn") && isBlank(env.get("HADOOP_CONF_DIR")) && isBlank(env.get("YARN_CONF_DIR"))) {
            return "The yarn master needs the cluster's configuration: set HADOOP_CONF_DIR or YARN_CONF_DIR in the "
                    + "environment of the Jupyter server (or the kernelspec's env) and restart the kernel.";
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The configured UI base URL template, or null to use the address Spark reports. */
    public String uiUrlTemplate() {
        return uiUrlTemplate == null || uiUrlTemplate.isBlank() ? null : uiUrlTemplate.trim();
    }

    public String get(String key) {
        return properties.get(key);
    }

}
