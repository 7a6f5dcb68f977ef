package io.jspark.kernel.scalarepl;

import io.jspark.kernel.interpreter.Binding;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.interpreter.LanguageInfo;
import io.jspark.kernel.spark.SparkUse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import scala.runtime.ScalaRunTime;

/** Scala notebooks, run by Scala's own interpreter (IMain) in the kernel's JVM, as spark-shell does. */
public final class ScalaLanguage implements Language {
    public static final String VERSION = scala.util.Properties.versionNumberString();
    public static final LanguageInfo INFO = new LanguageInfo("scala", VERSION, "text/x-scala", ".scala", "text/x-scala",
            "scala", "Scala " + VERSION + " (IMain) on Java " + Runtime.version().feature(),
            List.of(new LanguageInfo.HelpLink("Scala " + VERSION + " library", "https://www.scala-lang.org/api/" + VERSION + "/"),
                    new LanguageInfo.HelpLink("Spark Scala API", "https://spark.apache.org/docs/latest/api/scala/")));
    private static final Pattern IMPLICIT_USE = Pattern.compile("\\.\\s*(toDS|toDF)\\b|\\.\\s*as\\s*\\[");
    private static final String DEFAULT_IMPORTS = String.join("\n",
            "import _root_.io.jspark.kernel.scalarepl.NotebookApi._",
            "import org.apache.spark.sql.functions._");
    /** Elements of a collection shown before the rest is left out, as the Scala REPL's own bound. */
    private static final int MAX_ELEMENTS = 1000;

    @Override
    public LanguageInfo info() {
        return INFO;
    }

    /** {@code compilerOptions} are javac's (JSPARK_COMPILER_OPTS): scalac gets none of them. */
    @Override
    public Interpreter start(List<String> compilerOptions) {
        ScalaInterpreter interpreter = ScalaInterpreter.start(List.of());
        try {
            interpreter.importQuietly(DEFAULT_IMPORTS);
        } catch (RuntimeException e) {
            interpreter.close();
            throw e;
        }
        return interpreter;
    }

    /** Also the session's implicits: toDS(), toDF(), as[T] and $"column" need it before they compile. */
    @Override
    public boolean usesSpark(String code) {
        return SparkUse.mentions(code) || SparkUse.matches(code, IMPLICIT_USE) || code.contains("$\"");
    }

    /** As spark-shell binds them: the session and its SparkContext. */
    @Override
    public List<Binding> sparkVariables(SparkSession session) {
        return List.of(new Binding("spark", SparkSession.class, session),
                new Binding("sc", SparkContext.class, session.sparkContext()));
    }

    @Override
    public Map<String, Class<?>> sparkVariableTypes() {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        types.put("spark", SparkSession.class);
        types.put("sc", SparkContext.class);
        return types;
    }

    /** As the Scala REPL prints values: {@code Array(1, 2)}, {@code Some(3)}, cells' classes by their own names. */
    @Override
    public Function<Object, String> plainText() {
        return value -> ScalaNames.unmangle(shortened(value));
    }

    /** Scala leaves out the elements beyond the bound without saying so; the top level says it here. */
    private static String shortened(Object value) {
        String text = ScalaRunTime.stringOf(value, MAX_ELEMENTS);
        if (text.endsWith(")") && longerThanBound(value)) {
            return text.substring(0, text.length() - 1) + ", ...)";
        }
        return text;
    }

    /** Iterators are left alone: looking ahead would use them up. */
    private static boolean longerThanBound(Object value) {
        if (value != null && value.getClass().isArray()) {
            return java.lang.reflect.Array.getLength(value) > MAX_ELEMENTS;
        }
        return value instanceof scala.collection.GenIterable<?> iterable && iterable.iterator().drop(MAX_ELEMENTS).hasNext();
    }
}
