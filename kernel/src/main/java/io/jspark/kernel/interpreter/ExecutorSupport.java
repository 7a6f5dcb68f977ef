package io.jspark.kernel.interpreter;

import java.nio.file.Path;
import org.apache.spark.SparkEnv;

/**
 * What Spark executors in other JVMs need from an interpreter to run the code its cells define.
 * {@link #exportClassesTo} runs on the cell thread as Spark starts, {@link #sessionStarted} on the
 * thread that starts Spark while the cell thread waits for it.
 */
public interface ExecutorSupport {
    /**
     * Writes the class files of the code cells defined, and from now on those of each new cell, into
     * {@code folder}, as executors are to load them; Spark serves it as {@code spark.repl.class.outputDir}.
     */
    void exportClassesTo(Path folder);

    /** Called when a session whose executors run in other JVMs has started, before any cell uses it. */
    void sessionStarted(SparkEnv env);
}
