package io.jspark.kernel;

import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.jshell.JavaLanguage;
import io.jspark.kernel.protocol.ConnectionInfo;
import io.jspark.kernel.scalarepl.ScalaLanguage;
import io.jspark.kernel.spark.SparkRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point: {@code Main [--language java|scala] <connection-file>}, as kernel.json starts it. */
public final class Main {
    private static final Map<String, Supplier<Language>> LANGUAGES = Map.of("java", JavaLanguage::new, "scala", ScalaLanguage::new);
    private static final String USAGE = "usage: io.jspark.kernel.Main [--language " + String.join("|", LANGUAGES.keySet())
            + "] CONNECTION_FILE";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String languageName = "java";
        String connectionFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--language") && i + 1 < args.length) {
                languageName = args[++i];
            } else if (connectionFile == null && !args[i].startsWith("--")) {
                connectionFile = args[i];
            } else {
                connectionFile = null;
                break;
            }
        }
        Supplier<Language> language = LANGUAGES.get(languageName);
        if (connectionFile == null || language == null) {
            System.err.println(USAGE);
            System.exit(2);
        }
        SparkRuntime.configureLogging();
        KernelConfig config = KernelConfig.fromEnvironment(System.getenv());
        KernelLog.configure(System.err, config.logFile(), config.logLevel());
        new Kernel(ConnectionInfo.read(Path.of(connectionFile)), config, language.get()).run();
        // Threads that cells started may still run; a kernel told to shut down must not outlive the request.
        System.exit(0);
    }
}
