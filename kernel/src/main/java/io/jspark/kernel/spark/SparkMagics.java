package io.jspark.kernel.spark;

import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.magic.Magics;
import io.jspark.kernel.magic.UsageError;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Magics for Spark: configuration before start, status, SQL, the monitor and Spark's own logging. */
public final class SparkMagics {
    private static final EvalResult NO_VALUE = new EvalResult.Ok(false, null);

    private SparkMagics() {
    }

    /** {@code displays} switches what shows the monitor (its display, the cancel buttons) on and off with %monitor. */
    public static void registerAll(Magics magics, SparkRuntime spark, DatasetRenderer datasets,
            java.util.function.Consumer<Boolean> displays) {
        magics.registerCell("spark", " set Spark properties before the session starts, one 'key value' per line",
                (args, body, ctx) -> configure(spark, body));
        magics.registerLine("spark", "[rows N|restart]  show the session's master, app id, UI and executors; rows sets how many Dataset rows show; restart stops the session and starts a new one",
                (args, body, ctx) -> status(spark, datasets, args));
        magics.registerCell("sql", " run the cell as Spark SQL and show the result",
                (args, body, ctx) -> new EvalResult.Ok(true, spark.session().sql(body)));
        magics.registerLine("monitor", "on|off  switch the per-cell Spark job monitor", (args, body, ctx) -> {
            boolean on = switchArgument(args, "monitor");
            spark.setMonitoring(on);
            displays.accept(on);
            System.out.println("Spark job monitor " + (on ? "on" : "off"));
            return NO_VALUE;
        });
        magics.registerLine("sparklog", "on|off|LEVEL  show Spark's own log lines (on = INFO) or only warnings (off)",
                (args, body, ctx) -> sparkLog(args));
    }

    private static EvalResult configure(SparkRuntime spark, String body) throws UsageError {
        Map<String, String> properties = spark.settings().parse(body);
        if (properties.isEmpty()) {
            throw new UsageError("put one Spark property per line, e.g. spark.master local[4]");
        }
        if (spark.isRunning()) {
            throw new UsageError("the Spark session is already running; restart the kernel, then run this cell first");
        }
        properties.forEach((k, v) -> spark.settings().put(k, v, "%%spark"));
        properties.forEach((k, v) -> System.out.println(k + " = " + v));
        System.out.println("The session will start with these when a cell first uses spark or sc.");
        return NO_VALUE;
    }

    private static EvalResult status(SparkRuntime spark, DatasetRenderer datasets, String args) throws UsageError {
        String[] words = args.isBlank() ? new String[0] : args.trim().split("\\s+");
        if (words.length == 2 && words[0].equals("rows")) {
            try {
                datasets.setMaxRows(Integer.parseInt(words[1]));
            } catch (NumberFormatException e) {
                throw new UsageError("rows takes a number, e.g. %spark rows 50");
            }
            System.out.println("Datasets show their first " + datasets.maxRows() + " rows");
            return NO_VALUE;
        }
        if (words.length == 1 && words[0].equals("restart")) {
            System.out.println((spark.isRunning() ? "Stopping the Spark session and starting a new one" : "Starting Spark")
                    + " (master " + spark.settings().get("spark.master") + ")...");
            spark.restart();
            System.out.println(spark.describe());
            return NO_VALUE;
        }
        if (words.length != 0) {
            throw new UsageError("usage: %spark, %spark rows N, or %spark restart");
        }
        System.out.println(spark.describe());
        if (spark.isRunning()) {
            var sc = spark.session().sparkContext();
            var executors = sc.statusTracker().getExecutorInfos();
            System.out.println(executors.length + " executor" + (executors.length == 1 ? "" : "s")
                    + ", default parallelism " + sc.defaultParallelism());
        }
        return NO_VALUE;
    }

    private static EvalResult sparkLog(String args) throws UsageError {
        String word = args.trim().toUpperCase();
        Level level = switch (word) {
            case "ON" -> Level.INFO;
            case "OFF" -> Level.WARN;
            default -> {
                Level parsed = Level.getLevel(word);
                if (parsed == null) {
                    throw new UsageError("usage: %sparklog on|off|ERROR|WARN|INFO|DEBUG");
                }
                yield parsed;
            }
        };
        Configurator.setRootLevel(level);
        System.out.println("Spark log level " + level);
        return NO_VALUE;
    }

    private static boolean switchArgument(String args, String magic) throws UsageError {
        return switch (args.trim().toLowerCase()) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UsageError("usage: %" + magic + " on|off");
        };
    }
}
