package io.jspark.kernel.eval;

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
