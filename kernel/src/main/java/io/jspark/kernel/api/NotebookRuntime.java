package io.jspark.kernel.api;

import io.jspark.display.MimeBundle;
import io.jspark.display.RendererRegistry;

/** What the kernel offers to code running in cells; {@link Notebook} forwards to it. */
public interface NotebookRuntime {
    /** Shows {@code bundle} under the current cell; returns its display id. */
    String display(MimeBundle bundle, String displayId);

    void updateDisplay(String displayId, MimeBundle bundle);

    void clearOutput(boolean wait);

    RendererRegistry renderers();

    CommManager comms();

    String readInput(String prompt, boolean password);

    /** The kernel's SparkSession, started on first use. */
    org.apache.spark.sql.SparkSession sparkSession();
}
