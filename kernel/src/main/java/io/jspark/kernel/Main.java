package io.jspark.kernel;

import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.jshell.JavaLanguage;
import io.jspark.kernel.protocol.ConnectionInfo;
import io.jspark.kernel.scalarepl.ScalaLanguage;
import io.jspark.kernel.spark.SparkRuntime;
import io.jspark.kernel.client.InProcessKernel;
import io.jspark.kernel.notebook.RunCommand;
import io.jspark.kernel.terminal.ShellCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Entry point: {@code Main [--language java|scala] <connection-file>}, as kernel.json starts it. With
 * JSPARK_CDS_TRAINING=1 (set by kernel.sh only) it runs a short session on its own loopback sockets
 * instead and ignores the connection file, so that the JVM can archive the classes a session loads.
 * {@code Main shell [--java|--scala]} and {@code Main run NOTEBOOK ...} (bin/jspark) run the same
 * kernel in this JVM, for a terminal and for notebooks run without Jupyter.
 */
public final class Main {
    private static final Map<String, Supplier<Language>> LANGUAGES = Map.of("java", JavaLanguage::new, "scala", ScalaLanguage::new);
    private static final String USAGE = "usage: io.jspark.kernel.Main [--language " + String.join("|", LANGUAGES.keySet())
            + "] CONNECTION_FILE\n   or: io.jspark.kernel.Main shell [--java|--scala]\n   or: io.jspark.kernel.Main run NOTEBOOK.ipynb [options]";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("run") || args[0].equals("shell"))) {
            PrintStream err = System.err;
            int status = 1;
            try {
                List<String> rest = List.of(args).subList(1, args.length);
                status = args[0].equals("run") ? runNotebook(rest) : shell(rest);
            } catch (Exception e) {
                err.println("jspark " + args[0] + ": " + e.getMessage() + " (JSPARK_LOG_LEVEL=DEBUG logs the trace)");
                System.getLogger(Main.class.getName()).log(System.Logger.Level.DEBUG, "jspark " + args[0] + " failed", e);
            } finally {
                // The kernel's threads, and threads its cells started, must not keep the JVM.
                System.exit(status);
            }
        }
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
        Map<String, String> env = System.getenv();
        if ("1".equals(env.get("JSPARK_CDS_TRAINING"))) {
            Map<String, String> trainingEnv = new java.util.HashMap<>(env);
            // Nothing of the training may reach the user's history or log, nor run the user's code.
            trainingEnv.put("JSPARK_HISTORY_FILE", "none");
            trainingEnv.remove("JSPARK_LOG_FILE");
            trainingEnv.remove("JSPARK_STARTUP_SCRIPTS");
            KernelConfig config = KernelConfig.fromEnvironment(trainingEnv);
            KernelLog.configure(System.err, config.logFile(), config.logLevel());
            SparkRuntime.configureLogging();
            ClassDataTraining.run(languageName, language.get(), config);
            System.exit(0);
        }
        KernelConfig config = KernelConfig.fromEnvironment(env);
        KernelLog.configure(System.err, config.logFile(), config.logLevel());
        Kernel kernel = new Kernel(ConnectionInfo.read(Path.of(connectionFile)), config, language.get());
        kernel.startInterpreter();
        SparkRuntime.configureLogging();
        kernel.run();
        // Threads that cells started may still run; a kernel told to shut down must not outlive the request.
        System.exit(0);
    }

    private static int runNotebook(List<String> args) throws Exception {
        // The kernel takes System.out and System.err over for its cells; progress goes to the real stderr.
        PrintStream err = System.err;
        KernelConfig config = embeddedConfig();
        return RunCommand.run(args, name -> timeout -> InProcessKernel.start(config, LANGUAGES.get(name).get(), timeout), err);
    }

    private static int shell(List<String> args) throws Exception {
        return ShellCommand.run(args, embeddedConfig(), name -> LANGUAGES.get(name).get());
    }

    /** No cancel buttons: the shell has its own Ctrl-C, and nobody clicks in a notebook run without a frontend. */
    private static KernelConfig embeddedConfig() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("JSPARK_WIDGETS", "off");
        KernelConfig config = KernelConfig.fromEnvironment(env);
        KernelLog.configure(System.err, config.logFile(), config.logLevel());
        SparkRuntime.configureLogging();
        return config;
    }
}
