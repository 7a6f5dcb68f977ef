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
    private final Map<String, String> properties = new LinkedHashMap<>();
    /** JSPARK_SPARK_UI_URL: the UI's base URL as the browser reaches it; {port} stands for the UI's port. */
    private String uiUrlTemplate;

    public static SparkSettings fromEnvironment(Map<String, String> env) {
        SparkSettings settings = new SparkSettings();
        settings.put("spark.master", "local[*]", "kernel default");
        settings.put("spark.app.name", "spark-java notebook", "kernel default");
        settings.put("spark.driver.host", "127.0.0.1", "kernel default");
        settings.put("spark.driver.bindAddress", "127.0.0.1", "kernel default");
        settings.put("spark.ui.showConsoleProgress", "false", "kernel default");
        settings.put("spark.ui.filters", UiFramingFilter.class.getName(), "kernel default");
        String ancestors = env.get("JSPARK_UI_FRAME_ANCESTORS");
        settings.put("spark." + UiFramingFilter.class.getName() + ".param." + UiFramingFilter.ANCESTORS_PARAM,
                ancestors == null || ancestors.isBlank() ? UiFramingFilter.DEFAULT_ANCESTORS : ancestors.trim(),
                ancestors == null || ancestors.isBlank() ? "kernel default" : "JSPARK_UI_FRAME_ANCESTORS");
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
        System.getLogger(SparkSettings.class.getName()).log(System.Logger.Level.DEBUG, key + " = " + value + " (" + origin + ")");
    }

    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** The configured UI base URL template, or null to use the address Spark reports. */
    public String uiUrlTemplate() {
        return uiUrlTemplate == null || uiUrlTemplate.isBlank() ? null : uiUrlTemplate.trim();
    }

    public String get(String key) {
        return properties.get(key);
    }

}
