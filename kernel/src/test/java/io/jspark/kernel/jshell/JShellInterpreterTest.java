package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.display.MimeBundle;
import io.jspark.kernel.interpreter.Binding;
import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.Completeness;
import io.jspark.kernel.interpreter.Completion;
import io.jspark.kernel.interpreter.EvalResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JShellInterpreterTest {
    private static JShellInterpreter interpreter;

    @BeforeAll
    static void start() {
        interpreter = new JShellInterpreter(List.of());
    }

    @AfterAll
    static void stop() {
        interpreter.close();
    }

    private static EvalResult.Ok ok(String code) {
        EvalResult r = interpreter.eval(code, "cell [1]");
        if (r instanceof EvalResult.Failed f) {
            throw new AssertionError("expected success, got " + f.error());
        }
        return (EvalResult.Ok) r;
    }

    private static CellError failed(String code) {
        return assertInstanceOf(EvalResult.Failed.class, interpreter.eval(code, "cell [7]")).error();
    }

    @Test
    void aBoundValueIsAVariableOfItsDeclaredTypeAndABindingReplacesIt() {
        try (JShellInterpreter own = new JShellInterpreter(List.of())) {
            // Variables named like a package's first part hide the package in expressions.
            assertInstanceOf(EvalResult.Ok.class, own.eval("int io = 3;\nint java = 4;", "cell [1]"));
            StringBuilder first = new StringBuilder("first");
            assertInstanceOf(EvalResult.Ok.class, own.bind(new Binding("boundText", CharSequence.class, first)));
            assertEquals(new EvalResult.Ok(true, true), own.eval("boundText instanceof StringBuilder", "cell [2]"));
            assertInstanceOf(EvalResult.Failed.class, own.eval("boundText.reverse()", "cell [3]"),
                    "declared as CharSequence, not as the value's class");
            assertInstanceOf(EvalResult.Ok.class, own.bind(new Binding("boundText", CharSequence.class, "second")));
            assertEquals(new EvalResult.Ok(true, "second"), own.eval("boundText.toString()", "cell [4]"));
            assertEquals(new EvalResult.Ok(true, 7), own.eval("io + java", "cell [5]"));
        }
    }

    @Test
    void aCellOfManySnippetsEndsInItsValue() {
        EvalResult.Ok r = ok("""
                import java.util.*;
                // a comment between snippets
                class Point { int x; Point(int x) { this.x = x; } }
                int twice(int v) { return 2 * v; }
                List<Point> ps = new ArrayList<>();
                ps.add(new Point(21));
                twice(ps.get(0).x)
                """);
        assertTrue(r.hasValue());
        assertEquals(42, r.value());
    }

    @Test
    void theRawValueIsKeptNotItsString() {
        EvalResult.Ok r = ok("new int[] {1, 2, 3}");
        assertTrue(r.value() instanceof int[]);
    }

    @Test
    void declarationsAndTrailingSemicolonsShowNoValue() {
        assertFalse(ok("int declared = 5;").hasValue());
        assertFalse(ok("declared + 1;").hasValue());
        assertTrue(ok("declared + 1").hasValue());
        assertFalse(ok("System.out.print(\"\")").hasValue());
    }

    @Test
    void definitionsPersistAndCanBeRedefined() {
        ok("String greet() { return \"hi\"; }");
        assertEquals("hi", ok("greet()").value());
        ok("String greet() { return \"hello\"; }");
        assertEquals("hello", ok("greet()").value());
        ok("class Box { int v = 1; }");
        ok("class Box { int v = 2; int w = 3; }");
        assertEquals(5, ok("new Box().v + new Box().w").value());
    }

    @Test
    void compileErrorsPointAtTheCellLineAndColumn() {
        CellError e = failed("int a = 1;\nint b = undefinedName;\n");
        assertEquals("CompilationError", e.ename());
        assertEquals("cannot find symbol", e.evalue());
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("cell [7], line 2, column 9"), trace);
        assertTrue(trace.contains("int b = undefinedName;"), trace);
    }

    @Test
    void runtimeErrorsAreTrimmedToUserCode() {
        CellError e = failed("int boom(int d) {\n  return 10 / d;\n}\nint r = boom(0);");
        assertEquals("java.lang.ArithmeticException", e.ename());
        assertEquals("/ by zero", e.evalue());
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("boom (cell [7], line 2)"), trace);
        assertTrue(trace.contains("at cell [7], line 4"), trace);
        assertFalse(trace.contains("jdk.jshell"), trace);
        assertFalse(trace.contains("io.jspark"), trace);
        assertFalse(trace.contains("reflect"), trace);
    }

    @Test
    void causesAreShown() {
        CellError e = failed("throw new RuntimeException(\"outer\", new IllegalStateException(\"inner\"));");
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("Caused by: "), trace);
        assertTrue(trace.contains("inner"), trace);
    }

    @Test
    void systemExitDoesNotEndTheJvm() {
        ok("int survivor = 7;");
        CellError e = failed("System.exit(3);");
        assertEquals("SystemExit", e.ename());
        assertTrue(e.evalue().contains("System.exit(3)"));
        assertEquals("SystemExit", failed("Runtime.getRuntime().halt(1);").ename());
        assertEquals(7, ok("survivor").value());
    }

    @Test
    void errorsThatKillThreadsLeaveTheSessionWorking() {
        assertEquals("java.lang.StackOverflowError", failed("int down(int n) { return down(n + 1) + 1; }\ndown(0);").ename());
        assertEquals(3, ok("1 + 2").value());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void interruptStopsABusyLoopAndKeepsState() throws Exception {
        ok("long kept = 99L;");
        CompletableFuture<EvalResult> running = CompletableFuture.supplyAsync(
                () -> interpreter.eval("long spins = 0;\nwhile (true) { spins++; }", "cell [9]"));
        Thread.sleep(500);
        long start = System.nanoTime();
        interpreter.interrupt();
        EvalResult r = running.get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("Interrupted", assertInstanceOf(EvalResult.Failed.class, r).error().ename());
        assertTrue(millis < 2000, "stopped after " + millis + " ms");
        assertEquals(99L, ok("kept").value());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void interruptStopsASleep() throws Exception {
        CompletableFuture<EvalResult> running = CompletableFuture.supplyAsync(
                () -> interpreter.eval("Thread.sleep(60_000);", "cell [10]"));
        Thread.sleep(500);
        interpreter.interrupt();
        EvalResult r = running.get(5, TimeUnit.SECONDS);
        assertInstanceOf(EvalResult.Failed.class, r);
    }

    @Test
    void classBytesAreKeptAsJShellMadeThem() {
        ok("class Shipped { int f() { while (true) { return 1; } } }");
        String name = interpreter.classLoader().definedClasses().keySet().stream()
                .filter(n -> n.endsWith("$Shipped")).findFirst().orElseThrow();
        byte[] original = interpreter.classLoader().definedClasses().get(name);
        String constants = new String(original, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(constants.contains("NotebookRuntimeHooks"), "executors must get bytes free of kernel hooks");
    }

    @Test
    void classFilesGoWhereSparkServesThemAndRedefinitionsReplaceThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ok("class Exported { int v() { return 1; } }");
        interpreter.classLoader().exportTo(dir, java.util.function.UnaryOperator.identity());
        ok("class Exported { int v() { return 2; } }");
        java.util.List<java.nio.file.Path> files;
        try (var walk = java.nio.file.Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith("$Exported.class")).toList();
        }
        assertFalse(files.isEmpty(), "class files written under " + dir);
        String name = interpreter.classLoader().definedClasses().keySet().stream()
                .filter(n -> n.endsWith("$Exported")).reduce((a, b) -> b).orElseThrow();
        java.nio.file.Path newest = dir.resolve(name.replace('.', '/') + ".class");
        assertTrue(java.util.Arrays.equals(interpreter.classLoader().definedClasses().get(name), java.nio.file.Files.readAllBytes(newest)),
                "the file holds the bytes JShell made for the newest definition");
    }

    @Test
    void completesMethodNames() {
        Completion c = interpreter.complete("Math.floorM", 11);
        assertTrue(c.matches().contains("floorMod("), c.matches().toString());
        assertEquals(5, c.start());
        assertEquals(11, c.end());
    }

    @Test
    void completesInTheSnippetUnderTheCursor() {
        String code = "int first = 1;\nString text = \"abc\";\ntext.toUpp";
        Completion c = interpreter.complete(code, code.length());
        assertTrue(c.matches().contains("toUpperCase("), c.matches().toString());
        assertEquals(code.length() - "toUpp".length(), c.start());
    }

    @Test
    void completesNamesTheKernelBindsLaterAsTheirTypes() {
        java.util.Map<String, Class<?>> unbound = java.util.Map.of("later", StringBuilder.class);
        String code = "int n = 1;\nlater.appendCodeP";
        Completion c = interpreter.complete(code, code.length(), unbound);
        assertTrue(c.matches().contains("appendCodePoint("), c.matches().toString());
        assertEquals(code.length() - "appendCodeP".length(), c.start());
        assertTrue(interpreter.complete(code, code.length()).matches().isEmpty());
        assertTrue(interpreter.complete("laterOn.appendCodeP", 19, unbound).matches().isEmpty());
    }

    @Test
    void documentsJdkMethods() {
        String text = interpreter.inspect("Math.abs", 8).orElseThrow().get(MimeBundle.TEXT_PLAIN).toString();
        assertTrue(text.contains("abs("), text);
        assertTrue(interpreter.inspect("noSuchThing", 11).isEmpty());
    }

    @Test
    void tellsCompleteFromIncomplete() {
        assertEquals(new Completeness.Complete(), interpreter.completeness("int q = 1;"));
        assertEquals(new Completeness.Incomplete("    "), interpreter.completeness("for (int i = 0; i < 3; i++) {"));
        assertEquals(new Completeness.Incomplete("        "), interpreter.completeness("int q = 1;\nvoid m() {\n    if (q > 0) {"));
        assertEquals(new Completeness.Invalid(), interpreter.completeness("}"));
    }

    @Test
    void describesItsLanguage() {
        assertEquals("java", new JavaLanguage().info().name());
        assertEquals(".java", new JavaLanguage().info().fileExtension());
        assertTrue(new JavaLanguage().info().banner().contains("JShell"), new JavaLanguage().info().banner());
    }
}
