package io.jspark.kernel;

import io.jspark.kernel.widgets.WidgetProtocol;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Settings read from the environment at start, so that users change them without editing
 * kernel.json. JVM options ({@code JSPARK_JVM_OPTS}) and the java command ({@code JSPARK_JAVA}) are
 * read earlier, by the launch command in kernel.json.
 *
 * @param classpath      JSPARK_CLASSPATH: jars or folders (globs allowed) added to every session
 * @param startupScripts JSPARK_STARTUP_SCRIPTS: files of code in the kernel's language run at the start of every session
 * @param compilerOptions JSPARK_COMPILER_OPTS: extra javac options for cells, e.g. --enable-preview
 * @param historyFile    JSPARK_HISTORY_FILE: where input history is kept; "none" keeps it in memory only
 * @param mavenRepository JSPARK_MAVEN_REPO: the local Maven repository %maven downloads into
 * @param logFile        JSPARK_LOG_FILE: a file that receives the kernel log, including full traces
 * @param logLevel       JSPARK_LOG_LEVEL: the least level logged (ERROR, WARNING, INFO, DEBUG)
 * @param datasetRows    JSPARK_DATASET_ROWS: rows a Dataset shows when it is a cell's result
 * @param maxMessageBytes JSPARK_MAX_MESSAGE_BYTES: the largest frame a peer may send on any kernel socket
 *                       ({@code 256m} or plain bytes; {@code 0}, Long.MAX_VALUE, for no cap)
 * @param outputLimit    JSPARK_OUTPUT_LIMIT: bytes of stdout and stderr together one cell may show
 *                       ({@code 10m}, {@code 500k}, {@code 2g} or plain bytes; {@code 0} for no limit)
 * @param widgets        JSPARK_WIDGETS: the ipywidgets version of the frontends, for the cancel buttons
 *                       ({@code 8}, the default, for ipywidgets 8 as JupyterLab 4 and Notebook 7 have it; {@code 7} for ipywidgets 7);
 *                       {@code off}, null here, for no buttons
 */
public record KernelConfig(
        List<String> classpath,
        List<Path> startupScripts,
        List<String> compilerOptions,
        Path historyFile,
        Path mavenRepository,
        Path logFile,
        System.Logger.Level logLevel,
        int datasetRows,
        long maxMessageBytes,
        long outputLimit,
        WidgetProtocol widgets) {

    /**
     * ZeroMQ allocates a frame's announced size before its bytes arrive, so this bounds what one
     * connection can make the kernel hold. 128 MiB is above the 100 MiB that users who raise Jupyter
     * server's websocket limit (10 MiB by default) usually pick, and well below any kernel heap.
     */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 128L * 1024 * 1024;

    /**
     * 10 MB: a hundred thousand lines of 100 characters, far more than anyone reads in a cell, and
     * still what a browser tab renders and a saved notebook carries; the 100 MB cells of the issue
     * froze tabs. Jupyter Server's own rate limit (iopub_data_rate_limit, 1 MB/s over 3 s) may still
     * hold back part of a fast 10 MB burst; that is the server's setting.
     */
    public static final long DEFAULT_OUTPUT_LIMIT = 10_000_000;

    public static KernelConfig fromEnvironment(Map<String, String> env) {
        Path home = home(env);
        String xdgDataHome = env.get("XDG_DATA_HOME");
        String dataHome = xdgDataHome == null || xdgDataHome.isBlank() ? home.resolve(".local/share").toString() : xdgDataHome;
        String history = env.getOrDefault("JSPARK_HISTORY_FILE", Path.of(dataHome, "jspark", "history.jsonl").toString());
        String log = env.getOrDefault("JSPARK_LOG_FILE", "");
        return new KernelConfig(
                paths(env.get("JSPARK_CLASSPATH")),
                paths(env.get("JSPARK_STARTUP_SCRIPTS")).stream().map(Path::of).toList(),
                words(env.get("JSPARK_COMPILER_OPTS")),
                history.isBlank() || history.equals("none") ? null : Path.of(history),
                Path.of(env.getOrDefault("JSPARK_MAVEN_REPO", home.resolve(".m2/repository").toString())),
                log.isBlank() ? null : Path.of(log),
                level(env.getOrDefault("JSPARK_LOG_LEVEL", "WARNING")),
                positive(env.get("JSPARK_DATASET_ROWS"), 20),
                messageCap(env.get("JSPARK_MAX_MESSAGE_BYTES")),
                bytes(env.get("JSPARK_OUTPUT_LIMIT"), DEFAULT_OUTPUT_LIMIT),
                widgets(env.getOrDefault("JSPARK_WIDGETS", "8")));
    }

    /** $HOME as the user's shell has it; the JVM's user.home comes from the password database instead. */
    static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
    }

    private static List<String> paths(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    }

    private static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.trim().split("\\s+")).toList();
    }

    private static int positive(String value, int fallback) {
        try {
            return value == null ? fallback : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Sizes as for the output limit ({@code 256m}; {@code 0} for none); below 1 MB even kernel_info
     * requests of some frontends would be refused and the kernel would look dead, so that keeps the default.
     */
    private static long messageCap(String value) {
        long bytes = bytes(value, DEFAULT_MAX_MESSAGE_BYTES);
        return bytes < 1_000_000 ? DEFAULT_MAX_MESSAGE_BYTES : bytes;
    }

    /** A size such as {@code 10m} or {@code 500k} (powers of 1,000, as the note in a cell counts MB); 0 means none. */
    static long bytes(String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT).replaceFirst("b$", "");
        long unit = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 'k' -> 1_000L;
            case 'm' -> 1_000_000L;
            case 'g' -> 1_000_000_000L;
            default -> 1L;
        };
        try {
            double number = Double.parseDouble(unit == 1 ? v : v.substring(0, v.length() - 1));
            return number < 0 ? fallback : number == 0 ? Long.MAX_VALUE : (long) (number * unit);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static WidgetProtocol widgets(String value) {
        if (value.isBlank()) {
            return WidgetProtocol.IPYWIDGETS_8;
        }
        if (value.trim().equalsIgnoreCase("off")) {
            return null;
        }
        try {
            return WidgetProtocol.of(value);
        } catch (IllegalArgumentException e) {
            System.getLogger(KernelConfig.class.getName()).log(System.Logger.Level.WARNING, e.getMessage() + "; using 8");
            return WidgetProtocol.IPYWIDGETS_8;
        }
    }

    private static System.Logger.Level level(String name) {
        try {
            return System.Logger.Level.valueOf(name.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            return System.Logger.Level.WARNING;
        }
    }
}
