package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.jshell.JShellInterpreter;
import io.jspark.kernel.interpreter.EvalResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** What executors in other JVMs get of real JShell classes: top-level variables read through the driver. */
class ExecutorClassRewriterTest {
    private static JShellInterpreter interpreter;

    @BeforeAll
    static void start() {
        interpreter = new JShellInterpreter(List.of());
        for (String cell : List.of(
                "int n = 5; long big = 1L << 40; double ratio = 0.5; String word = \"abc\"; int[] table = {1, 2};",
                "class Counter { static int made; int bump() { made++; return made + n; } }",
                "int scaled(int x) { return x * n + (int) (big >> 40) + table.length; }",
                "java.util.function.IntUnaryOperator f = x -> { n = n + 1; return x + n + word.length(); };")) {
            if (interpreter.eval(cell, "cell [1]") instanceof EvalResult.Failed failed) {
                throw new AssertionError(failed.error().toString());
            }
        }
    }

    @AfterAll
    static void stop() {
        interpreter.close();
    }

    /** The class defined last whose name ends with {@code suffix} and whose bytes hold every one of {@code members}. */
    private static byte[] classEndingWith(String suffix, String... members) {
        return interpreter.classLoader().definedClasses().entrySet().stream()
                .filter(e -> e.getKey().endsWith(suffix) && java.util.Arrays.stream(members)
                        .allMatch(new String(e.getValue(), java.nio.charset.StandardCharsets.ISO_8859_1)::contains))
                .map(Map.Entry::getValue).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no class " + suffix));
    }

    /** Field instructions and calls of a class, as "GETSTATIC owner.name" and "CALL owner.name". */
    private static List<String> instructions(byte[] bytes) {
        List<String> seen = new ArrayList<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String d) {
                        seen.add((opcode == Opcodes.GETSTATIC ? "GETSTATIC " : opcode == Opcodes.PUTSTATIC ? "PUTSTATIC " : "FIELD ")
                                + owner + "." + field);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String d, boolean itf) {
                        seen.add("CALL " + owner + "." + method);
                    }
                };
            }
        }, 0);
        return seen;
    }

    @Test
    void readsAndWritesOfTopLevelVariablesGoThroughTheDriver() {
        byte[] lambdaClass = classEndingWith("", "word", "lambda$");
        List<String> rewritten = instructions(ExecutorClassRewriter.rewrite(lambdaClass));
        assertTrue(rewritten.contains("CALL io/jspark/kernel/spark/executor/ExecutorVariables.getInt"), rewritten.toString());
        assertTrue(rewritten.contains("CALL io/jspark/kernel/spark/executor/ExecutorVariables.putInt"), rewritten.toString());
        assertTrue(rewritten.contains("CALL io/jspark/kernel/spark/executor/ExecutorVariables.getObject"), rewritten.toString());
        assertFalse(rewritten.stream().anyMatch(i -> i.matches("(GET|PUT)STATIC REPL/\\$JShell\\$\\d+\\.(n|word)")), rewritten.toString());
    }

    @Test
    void variablesDeclaredAgainAreRewrittenToo() throws Exception {
        for (String cell : List.of("int again = 1;", "int again = 2;", "java.util.function.IntSupplier readAgain = () -> again;")) {
            if (interpreter.eval(cell, "cell [3]") instanceof EvalResult.Failed failed) {
                throw new AssertionError(failed.error().toString());
            }
        }
        List<String> rewritten = instructions(ExecutorClassRewriter.rewrite(classEndingWith("", "readAgain")));
        String read = rewritten.stream().filter(i -> i.startsWith("GETSTATIC") || i.contains("ExecutorVariables.get"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals("CALL io/jspark/kernel/spark/executor/ExecutorVariables.getInt", read, rewritten.toString());
        Map<String, byte[]> defined = interpreter.classLoader().definedClasses();
        String owner = defined.entrySet().stream()
                .filter(e -> new String(e.getValue(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("again")
                        && e.getKey().matches("REPL\\.\\$JShell\\$\\d+[A-Z]+"))
                .map(Map.Entry::getKey).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("JShell renames a wrapper declared again: " + defined.keySet()));
        assertEquals(2, interpreter.classLoader().variableValue(owner + ".again"));
    }

    @Test
    void methodsReadingVariablesAreRewrittenWithEveryFieldType() {
        List<String> rewritten = instructions(ExecutorClassRewriter.rewrite(classEndingWith("", "scaled")));
        for (String hook : List.of("getInt", "getLong", "getObject")) {
            assertTrue(rewritten.contains("CALL io/jspark/kernel/spark/executor/ExecutorVariables." + hook), hook + " in " + rewritten);
        }
    }

    @Test
    void staticFieldsOfDeclaredClassesStayTheirOwn() {
        List<String> rewritten = instructions(ExecutorClassRewriter.rewrite(classEndingWith("$Counter", "bump")));
        assertTrue(rewritten.stream().anyMatch(i -> i.matches("GETSTATIC REPL/\\$JShell\\$\\d+\\$Counter\\.made")), rewritten.toString());
        assertTrue(rewritten.contains("CALL io/jspark/kernel/spark/executor/ExecutorVariables.getInt"), "n is still read from the driver");
    }

    @Test
    void rewrittenClassesStillVerify() throws Exception {
        Map<String, byte[]> defined = interpreter.classLoader().definedClasses();
        ClassLoader executorLike = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = defined.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] rewritten = ExecutorClassRewriter.rewrite(bytes);
                return defineClass(name, rewritten, 0, rewritten.length);
            }
        };
        for (String name : defined.keySet()) {
            // Initializing links the class, and linking makes the verifier check every method's stack and frames.
            assertEquals(name, Class.forName(name, true, executorLike).getName());
        }
    }

    @Test
    void classesWithoutVariablesAreLeftAsTheyAre() {
        byte[] counter = classEndingWith("$Counter", "bump");
        assertTrue(ExecutorClassRewriter.rewrite(counter) != counter, "Counter reads n");
        interpreter.eval("class Plain { int one() { return 1; } }", "cell [2]");
        byte[] plain = classEndingWith("$Plain", "one");
        assertTrue(ExecutorClassRewriter.rewrite(plain) == plain);
    }

    @Test
    void theDriverGivesOutOnlyNotebookVariables() throws Exception {
        String owner = interpreter.classLoader().definedClasses().entrySet().stream()
                .filter(e -> e.getKey().matches("REPL\\.\\$JShell\\$\\d+")
                        && new String(e.getValue(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("ratio"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        assertEquals(0.5, interpreter.classLoader().variableValue(owner + ".ratio"));
        assertThrows(NoSuchFieldException.class, () -> interpreter.classLoader().variableValue("java.lang.System.out"));
        assertThrows(NoSuchFieldException.class, () -> interpreter.classLoader().variableValue(owner + ".nothing"));
    }
}
