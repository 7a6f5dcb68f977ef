package io.jspark.kernel.interpreter;

import io.jspark.display.RendererRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** A language the kernel can run, chosen by kernel.json's argv ({@code --language NAME}). */
public interface Language {
    LanguageInfo info();

    /**
     * Starts an interpreter with the language's default imports; runs on the cell thread, before any
     * cell. {@code compilerOptions} are the user's extra options for the language's compiler.
     */
    Interpreter start(List<String> compilerOptions);

    /** Whether code needs the Spark session, so that it starts before the code is compiled. */
    boolean usesSpark(String code);

    /** The variables every cell sees for a running session ({@code spark}, {@code sc}), typed as the language uses them. */
    List<Binding> sparkVariables(SparkSession session);

    /** The names and types of {@link #sparkVariables}, known before any session starts (for completion). */
    default Map<String, Class<?>> sparkVariableTypes() {
        return Map.of();
    }

    /** How a result no renderer is registered for reads as text: as the language's own REPL prints values. */
    default Function<Object, String> plainText() {
        return RendererRegistry::javaText;
    }
}
