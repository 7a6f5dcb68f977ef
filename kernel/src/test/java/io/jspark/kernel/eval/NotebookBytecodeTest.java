package io.jspark.kernel.eval;

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
