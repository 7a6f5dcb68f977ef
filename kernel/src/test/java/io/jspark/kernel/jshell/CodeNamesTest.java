package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.interpreter.EvalResult;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JShell's wrapper names, as the frames of real snippets carry them, mapped back to cells and lines. */
public class CodeNamesTest {
    private static JShellInterpreter interpreter;

    @BeforeAll
    static void start() {
        interpreter = new JShellInterpreter(List.of());
        interpreter.eval("import java.util.*;\nimport java.util.function.*;", "startup");
        interpreter.addToClasspath(java.nio.file.Path.of("target/test-classes"));
    }

    /** Lets a cell name its own frames while it runs, as Spark's listener does for the jobs a cell starts. */
    public static final class Probe {
        public static String nameNow(String text) {
            return interpreter.codeNames().apply(text);
        }
    }

    @Test
    void theRunningSnippetIsNamedWhileItRuns() {
        String named = (String) value("int before = 1;\n\nio.jspark.kernel.jshell.CodeNamesTest.Probe.nameNow(\n"
                + "    \"collect at \" + new Throwable().getStackTrace()[0].getFileName() + \":\" + new Throwable().getStackTrace()[0].getLineNumber())",
                "cell [11]");
        assertEquals("collect at cell [11], line 4", named);
    }

    @AfterAll
    static void stop() {
        interpreter.close();
    }

    private static Object value(String code, String cell) {
        EvalResult r = interpreter.eval(code, cell);
        if (r instanceof EvalResult.Failed f) {
            throw new AssertionError("expected success, got " + f.error());
        }
        return assertInstanceOf(EvalResult.Ok.class, r).value();
    }

    @Test
    void framesOfAMethodNameTheCellThatDefinedItAndItsLine() {
        value("int unused = 0;\n\nString where() {\n    return new Throwable().getStackTrace()[0].toString();\n}", "cell [3]");
        String frame = (String) value("\n\nwhere()", "cell [4]");
        assertTrue(frame.contains("$JShell$"), frame);
        assertEquals("where (cell [3], line 4)", interpreter.codeNames().apply(frame));
    }

    @Test
    void callSitesAsSparkWritesThemNameCellAndLine() {
        String frame = (String) value("// a comment\nStackTraceElement top = new Throwable().getStackTrace()[0];\n"
                + "top.getMethodName() + \" at \" + top.getFileName() + \":\" + top.getLineNumber()", "cell [5]");
        assertTrue(frame.matches("\\S+ at \\$JShell\\$\\d+[A-Z]*\\.java:\\d+"), frame);
        String named = interpreter.codeNames().apply("collect at " + frame.substring(frame.indexOf(" at ") + 4));
        assertEquals("collect at cell [5], line 2", named);
    }

    @Test
    void classesRedefinedAndLambdasAreNamedToo() {
        value("class Point {\n  int x;\n  String at() { return new Throwable().getStackTrace()[0].toString(); }\n}", "cell [6]");
        String frame = (String) value("new Point().at()", "cell [7]");
        assertEquals("Point.at (cell [6], line 3)", interpreter.codeNames().apply(frame));
        value("int n = 1;", "cell [8]");
        value("String n = \"again\";", "cell [9]");
        String lambda = (String) value("Supplier<String> s = () ->\n    new Throwable().getStackTrace()[0].toString();\ns.get()", "cell [10]");
        assertEquals("lambda (cell [10], line 2)", interpreter.codeNames().apply(lambda));
        java.util.regex.Matcher wrapper = java.util.regex.Pattern.compile("\\$JShell\\$\\d+[A-Z]*").matcher(frame);
        assertTrue(wrapper.find(), frame);
        assertEquals("a Point of cell [6]", interpreter.codeNames().apply("a REPL." + wrapper.group() + "$Point of REPL." + wrapper.group()));
    }

    @Test
    void overloadsAndDefinitionsJShellRecompiledAreNamedAfterTheirCells() {
        value("String trace() { return new Throwable().getStackTrace()[1].toString(); }", "cell [20]");
        value("String g(int x) {\n    return trace();\n}", "cell [21]");
        value("String g(String s) {\n    return trace();\n}", "cell [22]");
        String overload = (String) value("g(1)", "cell [23]");
        assertEquals("g (cell [21], line 2)", interpreter.codeNames().apply(overload), overload);
        assertEquals("f (notebook code) at notebook code", interpreter.codeNames().apply(
                "REPL.$JShell$9000B_9001.f($JShell$9000B_9001.java:5) at $JShell$9000B_9001.java:7"));

        value("int base() { return 1; }", "cell [24]");
        value("String usesBase() {\n    int b = base();\n    return new Throwable().getStackTrace()[0].toString();\n}", "cell [25]");
        value("int base() { return 2; }", "cell [26]");
        String recompiled = (String) value("usesBase()", "cell [27]");
        assertEquals("usesBase (cell [25], line 3)", interpreter.codeNames().apply(recompiled), recompiled);
    }

    @Test
    void aChainOfCallsOverSeveralLinesNamesTheLineOfEachCall() {
        value("String caller() { return new Throwable().getStackTrace()[1].toString(); }", "cell [30]");
        String frame = (String) value("import java.util.function.*;\n\"x\"\n  .concat(\"y\")\n  .concat(caller())", "cell [31]");
        assertEquals("cell [31], line 4", interpreter.codeNames().apply(frame), frame);
        value("class Chain {\n  Chain next(Function<Integer, Integer> f) { return this; }\n"
                + "  String end() { return new Throwable().getStackTrace()[1].toString(); }\n}", "cell [32]");
        String end = (String) value("Chain c = new Chain();\nc.next(n -> { return n + 1; })\n  .next(x -> x)\n"
                + "  .next(v -> { int s = 0; return s; })\n  .end()", "cell [33]");
        assertEquals("cell [33], line 5", interpreter.codeNames().apply(end), end);
        // A call alone on the cell's last line, with the newline a frontend may leave after it.
        String last = (String) value("c.next(x -> x)\n  .end()\n", "cell [34]");
        assertEquals("cell [34], line 2", interpreter.codeNames().apply(last), last);
    }

    @Test
    void textWithoutJShellNamesIsLeftAlone() {
        String plain = "count at MyJob.java:12 costs $5";
        assertEquals(plain, interpreter.codeNames().apply(plain));
        assertEquals("at notebook code", interpreter.codeNames().apply("at $JShell$99999.java:3"));
        assertFalse(interpreter.codeNames().apply("x REPL.$JShell$99999$Inner y").contains("$JShell$"));
    }
}
