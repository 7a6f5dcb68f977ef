package io.jspark.kernel.api;

import io.jspark.display.ImageRenderer;
import io.jspark.display.MimeBundle;
import io.jspark.display.RendererRegistry;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The notebook API, imported statically into every cell: rich display, display updates, comms and
 * input. Static because code compiled by JShell reaches the kernel only through classes; the kernel
 * installs its runtime once at start.
 */
public final class Notebook {
    private static volatile NotebookRuntime runtime;

    private Notebook() {
    }

    public static void install(NotebookRuntime kernelRuntime) {
        runtime = Objects.requireNonNull(kernelRuntime);
    }

    private static NotebookRuntime runtime() {
        NotebookRuntime r = runtime;
        if (r == null) {
            throw new IllegalStateException("the notebook API is available only inside the kernel");
        }
        return r;
    }

    /** Shows {@code value} under the current cell, rendered by its class; returns a display id for {@link #updateDisplay}. */
    public static String display(Object value) {
        return runtime().display(runtime().renderers().render(value), null);
    }

    /** Shows {@code value} with a display id of your choosing, so that later cells can update it. */
    public static String display(Object value, String displayId) {
        return runtime().display(runtime().renderers().render(value), Objects.requireNonNull(displayId));
    }

    /** Replaces what a display id shows, wherever it is in the notebook. */
    public static void updateDisplay(String displayId, Object value) {
        runtime().updateDisplay(Objects.requireNonNull(displayId), runtime().renderers().render(value));
    }

    public static void clearOutput() {
        runtime().clearOutput(false);
    }

    /** With {@code wait}, the frontend clears when the next output arrives, which avoids flicker. */
    public static void clearOutput(boolean wait) {
        runtime().clearOutput(wait);
    }

    public static MimeBundle html(String html) {
        return MimeBundle.html(html);
    }

    public static MimeBundle markdown(String markdown) {
        return MimeBundle.markdown(markdown);
    }

    public static MimeBundle svg(String svg) {
        return MimeBundle.svg(svg);
    }

    public static MimeBundle image(BufferedImage image) {
        return new ImageRenderer().render(image);
    }

    /** Register renderers here to control how values of your classes show. */
    public static RendererRegistry renderers() {
        return runtime().renderers();
    }

    public static CommManager comms() {
        return runtime().comms();
    }

    /** The kernel's SparkSession, which cells also see as {@code spark}; started on first use. */
    public static org.apache.spark.sql.SparkSession sparkSession() {
        return runtime().sparkSession();
    }

    /** The kernel's SparkContext for the Java API, which cells also see as {@code sc}. */
    public static org.apache.spark.api.java.JavaSparkContext javaSparkContext() {
        return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(sparkSession().sparkContext());
    }

    /** Asks the user for a line of input in the frontend. */
    public static String readLine(String prompt) {
        return runtime().readInput(prompt, false);
    }

    /** Like {@link #readLine}, with the input hidden as it is typed. */
    public static String readPassword(String prompt) {
        return runtime().readInput(prompt, true);
    }
}
