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
            assertEquals(Set.of("v7", "twice", "v9"), imports.reachedFrom(code));
            Snippet cell = evaluate(imports, shell, code).get(0).snippet();
            assertEquals(Snippet.Status.VALID, shell.status(cell));
            String source = shell.sourceCodeAnalysis().wrapper(cell).wrapped();
            assertTrue(source.contains(".v7;") && source.contains(".twice;"), source);
            assertTrue(source.contains(".v9;"), "twice mentions v9, and is compiled again if this cell declares v9: " + source);
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

    private static List<SnippetEvent> evaluate(DeclarationImports imports, JShell shell, String code) {
        Supplier<List<SnippetEvent>> eval = () -> shell.eval(code);
        return imports.evaluate(code, eval, events -> false);
    }

    private static EvalResult.Ok ok(JShellInterpreter interpreter, String code) {
        EvalResult r = interpreter.eval(code, "cell [1]");
        if (r instanceof EvalResult.Failed f) {
            throw new AssertionError(code + " failed: " + f.error());
        }
        return (EvalResult.Ok) r;
    }
}
