package io.jspark.kernel.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

class NotebookBytecodeTest {
    /** Exits on purpose; the rewritten copy must throw instead. */
    public static final class Exiter {
        public static void run() {
            System.exit(4);
        }
    }

    /** Reaches the exits without calling them directly, as cells do that the issue names. */
    public static final class IndirectExiter {
        public interface SerializableExit extends java.util.function.IntConsumer, java.io.Serializable {
        }

        public static void methodReference() {
            java.util.function.IntConsumer e = System::exit;
            e.accept(3);
        }

        public static void boundHalt() {
            java.util.function.IntConsumer h = Runtime.getRuntime()::halt;
            h.accept(4);
        }

        public static void unboundExit() {
            java.util.function.ObjIntConsumer<Runtime> e = Runtime::exit;
            e.accept(Runtime.getRuntime(), 5);
        }

        public static void reflection() throws Exception {
            System.class.getMethod("exit", int.class).invoke(null, 6);
        }

        public static void methodHandle() throws Throwable {
            java.lang.invoke.MethodHandles.lookup().findVirtual(Runtime.class, "halt",
                    java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(Runtime.getRuntime(), 7);
        }

        public static void boundHandle() throws Throwable {
            java.lang.invoke.MethodHandles.lookup().bind(Runtime.getRuntime(), "exit",
                    java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(11);
        }

        public static Object serializableReference() {
            SerializableExit e = System::exit;
            return e;
        }

        private static String secret() {
            return "private";
        }

        /** Reflection and lookups of other methods work as before, access checked against this class. */
        public static String otherReflection() throws Throwable {
            Object viaMethod = String.class.getMethod("valueOf", int.class).invoke(null, 8);
            Object ownPrivate = IndirectExiter.class.getDeclaredMethod("secret").invoke(null);
            Object viaHandle = java.lang.invoke.MethodHandles.lookup().findStatic(Integer.class, "toString",
                    java.lang.invoke.MethodType.methodType(String.class, int.class)).invoke(9);
            Object viaBound = java.lang.invoke.MethodHandles.lookup().bind("ab", "concat",
                    java.lang.invoke.MethodType.methodType(String.class, String.class)).invoke("c");
            return viaMethod + "," + viaHandle + "," + viaBound + "," + ownPrivate;
        }
    }

    /** Spins until it has counted to {@code n}. */
    public static final class Spinner {
        public static long spin(long n) {
            long i = 0;
            while (i < n) {
                i++;
            }
            return i;
        }
    }

    private static Class<?> rewritten(Class<?> c) throws Exception {
        byte[] bytes = NotebookBytecode.rewrite(bytesOf(c));
        return new ClassLoader(NotebookBytecodeTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(c.getName(), bytes, 0, bytes.length);
            }
        }.define();
    }

    private static int exitStatusOf(Class<?> c, String method) throws Exception {
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> c.getMethod(method).invoke(null));
        assertTrue(e.getCause() instanceof CellExit, () -> "not a CellExit: " + e.getCause());
        return ((CellExit) e.getCause()).status();
    }

    @Test
    void exitsReachedWithoutADirectCallBecomeCellExits() throws Exception {
        Class<?> c = rewritten(IndirectExiter.class);
        assertEquals(3, exitStatusOf(c, "methodReference"));
        assertEquals(4, exitStatusOf(c, "boundHalt"));
        assertEquals(5, exitStatusOf(c, "unboundExit"));
        assertEquals(6, exitStatusOf(c, "reflection"));
        assertEquals(7, exitStatusOf(c, "methodHandle"));
        assertEquals(11, exitStatusOf(c, "boundHandle"));
        assertEquals("8,9,abc,private", c.getMethod("otherReflection").invoke(null));
    }

    @Test
    void aSerializableMethodReferenceToExitSurvivesSerializationAndStillThrows() throws Exception {
        Class<?> c = rewritten(IndirectExiter.class);
        Object lambda = c.getMethod("serializableReference").invoke(null);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(lambda);
        }
        Object copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws java.io.IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, c.getClassLoader());
            }
        }) {
            copy = in.readObject();
        }
        java.util.function.IntConsumer exit = (java.util.function.IntConsumer) copy;
        assertEquals(10, assertThrows(CellExit.class, () -> exit.accept(10)).status());
    }

    @Test
    void anInterruptedThreadOutsideASparkTaskKeepsLoopingAndItsFlag() throws Exception {
        Class<?> c = rewritten(Spinner.class);
        Thread.currentThread().interrupt();
        try {
            assertEquals(100_000L, c.getMethod("spin", long.class).invoke(null, 100_000L));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    private static byte[] bytesOf(Class<?> c) throws Exception {
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    @Test
    void exitCallsBecomeCellExits() throws Exception {
        String name = Exiter.class.getName();
        byte[] rewritten = NotebookBytecode.rewrite(bytesOf(Exiter.class));
        String constants = new String(rewritten, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(constants.contains("NotebookRuntimeHooks"));
        Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(name, rewritten, 0, rewritten.length);
            }
        }.define();
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> c.getMethod("run").invoke(null));
        assertTrue(e.getCause() instanceof CellExit);
        assertFalse(new String(bytesOf(Exiter.class), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("NotebookRuntimeHooks"));
    }
}
