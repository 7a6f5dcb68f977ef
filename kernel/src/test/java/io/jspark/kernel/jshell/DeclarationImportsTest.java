package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.interpreter.EvalResult;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

/** Surefire opens jdk.jshell to the tests as the kernelspec opens it to the kernel. */
class DeclarationImportsTest {

    @Test
    void aCellImportsOnlyTheDeclarationsItCanReach() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            DeclarationImports imports = DeclarationImports.of(shell);
            assertNotNull(imports, "jdk.jshell is open to the tests");
            for (int i = 1; i <= 200; i++) {
                shell.eval("int v" + i + " = " + i + ";");
            }
            shell.eval("int twice(int x) { return 2 * x + v9; }");
            shell.eval("import java.util.function.IntSupplier;");
            String code = "IntSupplier s = () -> twice(v7);";
            assertEquals(Set.of("v7", "twice"), imports.reachedFrom(code));
            assertEquals(Set.of("twice", "v9"), imports.reachedFrom("int x = 1;"),
                    "twice, whose parameter is named x, is compiled again and needs v9");
            Snippet cell = evaluate(imports, shell, code).get(0).snippet();
            assertEquals(Snippet.Status.VALID, shell.status(cell));
            String source = shell.sourceCodeAnalysis().wrapper(cell).wrapped();
            assertTrue(source.contains(".v7;") && source.contains(".twice;"), source);
            assertFalse(source.contains(".v9;"), source);
            assertTrue(source.contains("import java.util.function.IntSupplier;"), "the session's own imports stay: " + source);
            assertFalse(source.contains(".v8;"), source);
            assertTrue(shell.sourceCodeAnalysis().completionSuggestions("v10", 3, new int[1]).stream()
                    .anyMatch(s -> s.continuation().equals("v100")), "completion still sees every declaration");
        }
    }

    @Test
    void declaringANameAgainRecompilesWhatUsesItAndInferredTypesStillCompile() {
        try (JShellInterpreter interpreter = new JShellInterpreter(List.of())) {
            for (int i = 1; i <= 50; i++) {
                ok(interpreter, "int filler" + i + " = " + i + ";");
            }
            ok(interpreter, "class Point { int x = 3; }");
            ok(interpreter, "Point make() { return new Point(); }");
            ok(interpreter, "int readX() { return make().x + later(); }");
            ok(interpreter, "int later() { return 1; }");
            assertEquals(4, ok(interpreter, "readX()").value());
            ok(interpreter, "class Point { int x = 10; }");
            assertEquals(11, ok(interpreter, "readX()").value(), "make and readX were compiled again against the new Point");
            ok(interpreter, "var p = make();");
            assertEquals(10, ok(interpreter, "p.x").value(), "JShell writes p's type, Point, into the source itself");
            assertEquals(10, ok(interpreter, "java.util.List.of(make()).get(0).x").value());
            assertInstanceOf(EvalResult.Failed.class, interpreter.eval("int broken = undefinedName;", "cell [9]"));
        }
    }

    @Test
    void typesJShellInfersCompileWithoutTheRetry() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            DeclarationImports imports = DeclarationImports.of(shell);
            shell.eval("class Point { int x = 3; }");
            shell.eval("Point make() { return new Point(); }");
            for (String code : List.of("var p = make();", "make()", "p.x", "java.util.List.of(make())", "Runnable r = () -> make();")) {
                List<SnippetEvent> events = evaluate(imports, shell, code);
                assertEquals(Snippet.Status.VALID, events.get(0).status(), code + ": " + shell.diagnostics(events.get(0).snippet()).toList());
            }
        }
    }

    @Test
    void aNameDeclaredForTheFirstTimeRecompilesWhatUsesItAsALocalName() {
        try (JShellInterpreter interpreter = new JShellInterpreter(List.of())) {
            ok(interpreter, "double factor = 2;");
            ok(interpreter, "double f(double x) { return x * factor; }");
            ok(interpreter, "double x = 5;");
            assertEquals(6.0, ok(interpreter, "f(3)").value());
            ok(interpreter, "int scale = 2;");
            ok(interpreter, "class Acc { int total; int add(int k) { total += k * scale; return total; } }");
            ok(interpreter, "int total = 0;");
            assertEquals(2, ok(interpreter, "new Acc().add(1)").value());
        }
    }

    @Test
    void whatJShellCompilesAgainKeepsItsImports() {
        for (List<String> cells : List.of(
                // a recursive method, compiled again when an overload is declared
                List.of("int base = 10;", "long fact(int n) { return n <= 1 ? base : n * fact(n - 1); }",
                        "long fact(long n) { return fact((int) n); }", "fact(3)"),
                // an import makes JShell compile again what mentions its names
                List.of("int k = 3;", "int g() { return k; }", "import java.util.concurrent.*;", "g()"),
                List.of("int k = 3;", "int g() { return k; }", "import static java.lang.Math.*;", "g()"),
                // a parameter renamed in a later version of the method: JShell still counts the old name
                List.of("double factor = 2;", "double f(double x) { return x * factor; }",
                        "double f(double y) { return y * factor; }", "double x = 5;", "f(3)"),
                List.of("int foo() { return 4; }", "int bar() { return \\u0066oo(); }", "bar()"))) {
            try (JShellInterpreter interpreter = new JShellInterpreter(List.of())) {
                Object last = null;
                for (String cell : cells) {
                    last = ok(interpreter, cell).value();
                }
                assertNotNull(last, cells.toString());
            }
        }
    }

    @Test
    void codeThatSurelyDeclaresNothingIsToldApart() {
        for (String code : List.of("1 + 1", "x = 5;", "spark.range(1000).count()", "System.out.println(x)", "if (a) b();",
                "new Point()", "(int) y", "-1", "\"text\"", "x++", "list.get(0).x += 2", "f -> f")) {
            assertFalse(DeclarationImports.mayDeclare(code), code);
        }
        for (String code : List.of("int x = 5;", "String s;", "class P {}", "@FunctionalInterface interface F { void f(); }",
                "import java.util.*;", "List<String> l = null;", "int[] a = {1};", "<T> T id(T t) { return t; }",
                "var v = 1;", "public static void main() {}", "// a comment\nint y;", "java.util.List<String> q;", "Point make() { return null; }")) {
            assertTrue(DeclarationImports.mayDeclare(code), code);
        }
    }

    @Test
    void aCellWithAnErrorOfItsOwnCompilesOnce() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            DeclarationImports imports = DeclarationImports.of(shell);
            shell.eval("int known = 1;");
            evaluate(imports, shell, "int q = known + nope;");
            assertEquals(1, shell.snippets().filter(s -> shell.status(s) == Snippet.Status.REJECTED).count());
        }
    }

    @Test
    void aCellThatPartlyFailsRunsItsValidPartOnce() {
        try (JShellInterpreter interpreter = new JShellInterpreter(List.of())) {
            ok(interpreter, "int n = 0;");
            ok(interpreter, "int bump() { return ++n; }");
            assertInstanceOf(EvalResult.Failed.class, interpreter.eval("int a = bump(), b = nope;", "cell [3]"));
            assertEquals(1, ok(interpreter, "n").value());
        }
    }

    private static List<SnippetEvent> evaluate(DeclarationImports imports, JShell shell, String code) {
        Supplier<List<SnippetEvent>> eval = () -> shell.eval(code);
        return imports.evaluate(code, eval);
    }

    private static EvalResult.Ok ok(JShellInterpreter interpreter, String code) {
        EvalResult r = interpreter.eval(code, "cell [1]");
        if (r instanceof EvalResult.Failed f) {
            throw new AssertionError(code + " failed: " + f.error());
        }
        return (EvalResult.Ok) r;
    }
}
