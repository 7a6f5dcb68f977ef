package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.EvalResult;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;
import org.junit.jupiter.api.Test;

/** Surefire opens jdk.jshell to the tests as the kernelspec opens it to the kernel. */
class SnippetTrimmerTest {

    @Test
    void theGeneratedSourceOfARunSnippetShrinksToItsOwnCode() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            SnippetTrimmer trimmer = SnippetTrimmer.of(shell);
            assertNotNull(trimmer, "jdk.jshell is open to the tests");
            for (int i = 1; i <= 200; i++) {
                shell.eval("int v" + i + " = " + i + ";");
            }
            Snippet last = shell.eval("int last = v7 + 1;").get(0).snippet();
            String before = shell.sourceCodeAnalysis().wrapper(last).wrapped();
            assertTrue(before.length() > 200 * 30, "JShell imports every earlier variable: " + before.length());
            trimmer.trim(last);
            String after = shell.sourceCodeAnalysis().wrapper(last).wrapped();
            assertTrue(after.length() < 600, after);
            assertTrue(after.contains("v7 + 1"), "the user's code stays: " + after);
            assertEquals(before.chars().filter(c -> c == '\n').count(), after.chars().filter(c -> c == '\n').count(),
                    "lines are kept, so stack traces still map to the snippet's lines");
        }
    }

    @Test
    void theCompilerForgetsAStatementsClassesWhichStillRunLater() throws ReflectiveOperationException {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            SnippetTrimmer trimmer = SnippetTrimmer.of(shell);
            Snippet declaration = shell.eval("Runnable later;").get(0).snippet();
            Snippet statement = shell.eval("later = new Runnable() { public void run() { System.setProperty(\"trimmed.ran\", \"yes\"); } };")
                    .get(0).snippet();
            String wrapper = shell.sourceCodeAnalysis().wrapper(statement).fullClassName();
            String declared = shell.sourceCodeAnalysis().wrapper(declaration).fullClassName();
            assertTrue(trimmer.compilerLists(wrapper + "$1"), "the anonymous class was compiled");
            assertTrue(trimmer.recordHoldsBytes(wrapper + "$1"), "JShell keeps the bytes of what it loaded");
            trimmer.trim(declaration);
            trimmer.trim(statement);
            assertFalse(trimmer.compilerLists(wrapper));
            assertFalse(trimmer.compilerLists(wrapper + "$1"));
            assertFalse(trimmer.recordHoldsBytes(wrapper));
            assertFalse(trimmer.recordHoldsBytes(wrapper + "$1"));
            assertTrue(trimmer.compilerLists(declared), "a declaration's class stays for the snippets that use it");
            assertTrue(trimmer.recordHoldsBytes(declared));
            trimmer.freshCompiler();
            shell.eval("later.run();");
            assertEquals("yes", System.getProperty("trimmed.ran"), "a fresh compiler still sees earlier declarations");
        }
    }

    @Test
    void aVariableNamedLikeADroppedTemporaryGetsItsOwnValue() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            SnippetTrimmer trimmer = SnippetTrimmer.of(shell);
            VarSnippet temporary = (VarSnippet) shell.eval("40 + 2").get(0).snippet();
            shell.drop(temporary);
            trimmer.trim(temporary);
            shell.eval("int " + temporary.name() + " = 7;");
            assertEquals("7", shell.eval(temporary.name()).get(0).value());
        }
    }

    @Test
    void linesAreCountedAsJShellCountsThem() {
        assertEquals(" \n\n", SnippetTrimmer.lineBreaksOf("package REPL;\nimport a.B;\n"));
        assertEquals("", SnippetTrimmer.lineBreaksOf("\nclass X {\n"), "JShell counts no line in a text that starts with a break");
        assertEquals("", SnippetTrimmer.lineBreaksOf("}"));
        assertEquals(" \n", SnippetTrimmer.lineBreaksOf(" \n"), "trimming twice changes nothing");
        assertSame(SnippetTrimmer.lineBreaksOf("a\nb\n"), SnippetTrimmer.lineBreaksOf("c\nd\n"), "short texts are shared");
        assertEquals(" " + "\n".repeat(100), SnippetTrimmer.lineBreaksOf("x\n".repeat(100)));
    }

    @Test
    void aTrimmedSessionStillNamesLinesOfEarlierCellsAndRecompilesTheirDependents() {
        try (JShellInterpreter interpreter = new JShellInterpreter(List.of())) {
            for (int i = 1; i <= 30; i++) {
                ok(interpreter, "int w" + i + " = " + i + ";", "cell [1]");
            }
            ok(interpreter, "int base = 1;", "cell [2]");
            ok(interpreter, "int fail(int d) {\n    int x = base;\n    return x / d;\n}\nint plus(int y) { return y + base; }", "cell [3]");
            ok(interpreter, "int later = 5;", "cell [4]");
            CellError error = assertInstanceOf(EvalResult.Failed.class, interpreter.eval("fail(0)", "cell [5]")).error();
            String trace = String.join("\n", error.traceback());
            assertTrue(trace.contains("fail (cell [3], line 3)"), trace);
            ok(interpreter, "short base = 41;", "cell [6]");
            assertEquals(42, ok(interpreter, "plus(1)", "cell [7]").value());
        }
    }

    @Test
    void aStatementsCodeShrinksAndItsLambdaStillNamesItsLinesLater() {
        try (JShellInterpreter interpreter = new JShellInterpreter(List.of())) {
            ok(interpreter, "Runnable r;", "cell [1]");
            ok(interpreter, "r = () -> {\n    int z = 0;\n    System.out.println(1 / z);\n};", "cell [2]");
            CellError error = assertInstanceOf(EvalResult.Failed.class, interpreter.eval("r.run()", "cell [3]")).error();
            String trace = String.join("\n", error.traceback());
            assertTrue(trace.contains("(cell [2], line 3)"), trace);
            ok(interpreter, "java.util.List<Runnable> later = new java.util.ArrayList<>();", "cell [4]");
            ok(interpreter, "later.add(() -> {\n    int z = 0;\n\n    System.out.println(2 / z);\n})", "cell [5]");
            error = assertInstanceOf(EvalResult.Failed.class, interpreter.eval("later.get(0).run()", "cell [6]")).error();
            trace = String.join("\n", error.traceback());
            assertTrue(trace.contains("(cell [5], line 4)"), "an expression's code shrinks too: " + trace);
        }
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            SnippetTrimmer trimmer = SnippetTrimmer.of(shell);
            Snippet statement = shell.eval("if (true) System.setProperty(\"trimmed.statement\", \"a long enough value to notice\");").get(0).snippet();
            trimmer.trim(statement);
            String after = shell.sourceCodeAnalysis().wrapper(statement).wrapped();
            assertFalse(after.contains("do_it$"), "a statement is never compiled again, so its generated method goes too: " + after);
        }
    }

    private static EvalResult.Ok ok(JShellInterpreter interpreter, String code, String cell) {
        EvalResult r = interpreter.eval(code, cell);
        if (r instanceof EvalResult.Failed f) {
            throw new AssertionError("expected success, got " + f.error());
        }
        return (EvalResult.Ok) r;
    }
}
