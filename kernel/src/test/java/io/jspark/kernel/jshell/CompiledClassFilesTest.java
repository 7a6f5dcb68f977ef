package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.interpreter.EvalResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompiledClassFilesTest {

    @Test
    void classesAreKeptInAPrivateFolderUntilClosed() throws Exception {
        Path folder;
        try (CompiledClassFiles files = new CompiledClassFiles()) {
            files.put("REPL.$JShell$2", new byte[] {2});
            files.put("REPL.$JShell$1$Inner", new byte[] {1, 1});
            files.put("REPL.$JShell$2", new byte[] {2, 2});
            assertTrue(files.contains("REPL.$JShell$1$Inner"));
            assertFalse(files.contains("REPL.$JShell$3"));
            assertArrayEquals(new byte[] {2, 2}, files.get("REPL.$JShell$2"), "a class defined again replaces its file");
            Map<String, byte[]> all = files.all();
            assertEquals(List.of("REPL.$JShell$2", "REPL.$JShell$1$Inner"), List.copyOf(all.keySet()));
            Path file = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            try (var found = Files.find(file, 3, (p, a) -> p.endsWith("$JShell$1$Inner.class"))) {
                file = found.filter(p -> p.toString().contains("jspark-classes-" + ProcessHandle.current().pid())).findFirst().orElseThrow();
            }
            folder = file.getParent().getParent();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        }
        assertFalse(Files.exists(folder), "closing removes the folder");
    }

    @Test
    void theSessionsClassBytesComeBackFromTheFolder() {
        try (JShellInterpreter interpreter = new JShellInterpreter(List.of())) {
            assertTrue(interpreter.eval("int kept = 4;", "cell [1]") instanceof EvalResult.Ok);
            assertTrue(interpreter.eval("kept + 1", "cell [2]") instanceof EvalResult.Ok);
            Map<String, byte[]> defined = interpreter.classLoader().definedClasses();
            assertEquals(2, defined.size(), defined.keySet().toString());
            defined.values().forEach(bytes -> assertEquals(0xCAFEBABE, java.nio.ByteBuffer.wrap(bytes).getInt()));
        }
    }
}
