package io.jspark.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;

/**
 * Scala's interpreter without a kernel, as spark-shell runs it: IMain with class-based wrappers and a
 * class output folder, a local SparkSession bound as {@code spark}, results printed (to nowhere).
 * Times each line given, after a warm-up, for bench/scala_bench.py to set beside the kernel's round trips.
 *
 * <p>Usage: BareScalaRepl WARMUP COUNT NAME=CODE... ; prints "start MICROS", "first MICROS" and "time NAME MICROS" lines.
 */
public final class BareScalaRepl {
    private BareScalaRepl() {
    }

    public static void main(String[] args) throws IOException {
        int warmup = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long t0 = System.nanoTime();
        Path outdir = Files.createTempDirectory("bare-scala-repl-");
        Settings settings = new Settings();
        settings.usejavacp().value_$eq(true);
        settings.Yreplclassbased().value_$eq(true);
        settings.Yreploutdir().value_$eq(outdir.toString());
        IMain intp = new IMain(settings, new PrintWriter(Writer.nullWriter()));
        intp.initializeSynchronous();
        System.out.println("start " + (System.nanoTime() - t0) / 1000);
        run(intp, "val warm = 1 + 1");
        System.out.println("first " + (System.nanoTime() - t0) / 1000);

        SparkSession spark = SparkSession.builder().master("local[*]").appName("bare-scala-repl")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        intp.bind("spark", "org.apache.spark.sql.SparkSession", spark, scala.collection.immutable.List$.MODULE$.<String>empty());
        run(intp, "import spark.implicits._");
        for (int a = 2; a < args.length; a++) {
            String name = args[a].substring(0, args[a].indexOf('='));
            String code = args[a].substring(name.length() + 1);
            for (int i = 0; i < warmup + count; i++) {
                long start = System.nanoTime();
                run(intp, code);
                long micros = (System.nanoTime() - start) / 1000;
                if (i >= warmup) {
                    System.out.println("time " + name + " " + micros);
                }
            }
        }
        spark.stop();
        intp.close();
        try (Stream<Path> files = Files.walk(outdir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void run(IMain intp, String code) {
        Results.Result result = intp.interpret(code);
        if (result != Results.Success$.MODULE$) {
            throw new IllegalStateException("the interpreter refused: " + code);
        }
    }
}
