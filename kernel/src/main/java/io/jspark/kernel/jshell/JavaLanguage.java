package io.jspark.kernel.jshell;

import io.jspark.kernel.interpreter.Binding;
import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.interpreter.LanguageInfo;
import io.jspark.kernel.spark.SparkUse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** Java notebooks, run by JShell in the kernel's JVM. */
public final class JavaLanguage implements Language {
    public static final LanguageInfo INFO = new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source",
            ".java", "text/x-java", "java", "Java " + Runtime.version() + " (JShell)",
            List.of(new LanguageInfo.HelpLink("Java " + Runtime.version().feature() + " API",
                    "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/")));
    private static final String DEFAULT_IMPORTS = String.join("\n",
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.math.*;",
            "import java.nio.file.*;",
            "import java.time.*;",
            "import org.apache.spark.sql.*;",
            "import org.apache.spark.api.java.JavaSparkContext;",
            "import org.apache.spark.api.java.JavaRDD;",
            "import static io.jspark.kernel.api.Notebook.*;");

    @Override
    public LanguageInfo info() {
        return INFO;
    }

    @Override
    public Interpreter start(List<String> compilerOptions) {
        JShellInterpreter interpreter = new JShellInterpreter(compilerOptions);
        EvalResult imported = interpreter.eval(DEFAULT_IMPORTS, "startup");
        if (imported instanceof EvalResult.Failed failed) {
            interpreter.close();
            throw new IllegalStateException("JShell rejected the default imports: " + failed.error().evalue());
        }
        return interpreter;
    }

    @Override
    public boolean usesSpark(String code) {
        return SparkUse.mentions(code);
    }

    @Override
    public Map<String, Class<?>> sparkVariableTypes() {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        types.put("spark", SparkSession.class);
        types.put("sc", JavaSparkContext.class);
        return types;
    }

    /** Java code works with {@code JavaSparkContext}, as Spark's Java examples do. */
    @Override
    public List<Binding> sparkVariables(SparkSession session) {
        return List.of(new Binding("spark", SparkSession.class, session),
                new Binding("sc", JavaSparkContext.class, JavaSparkContext.fromSparkContext(session.sparkContext())));
    }
}
