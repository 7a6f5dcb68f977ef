package io.jspark.kernel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the kernel gives executors besides notebook classes: the JVM flags, and folders of their own. */
class ExecutorSupportTest {
    @Test
    void kernelModuleFlagsGoToExecutorsOnce() {
        List<String> kernel = ExecutorJavaOptions.kernelFlags(List.of("-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true", "-Dother=1"));
        assertEquals(List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-Dio.netty.tryReflectionSetAccessible=true"), kernel);
        assertEquals("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true "
                        + "-XX:+UseG1GC --add-opens=java.base/java.nio=ALL-UNNAMED",
                ExecutorJavaOptions.join(kernel, " -XX:+UseG1GC --add-opens=java.base/java.nio=ALL-UNNAMED"));
        assertEquals(String.join(" ", kernel), ExecutorJavaOptions.join(kernel, ""));
    }

    @Test
    void foldersOfKernelsThatDiedAreRemovedAndLiveOnesKept(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        java.nio.file.Path dead = java.nio.file.Files.createDirectories(tmp.resolve("jspark-classes-" + ended.pid() + "-1/REPL"));
        java.nio.file.Files.write(dead.resolve("X.class"), new byte[] {1});
        java.nio.file.Path live = java.nio.file.Files.createDirectory(tmp.resolve("jspark-classes-" + ProcessHandle.current().pid() + "-2"));
        java.nio.file.Path other = java.nio.file.Files.createDirectory(tmp.resolve("jspark-classes-unrelated"));
        java.nio.file.Path deadScratch = java.nio.file.Files.createDirectories(tmp.resolve("jspark-scratch-" + ended.pid() + "-3/blockmgr-x"));
        KernelTempFolder.removeOrphans(tmp);
        assertTrue(java.nio.file.Files.notExists(dead.getParent()), "the dead kernel's folder is gone");
        assertTrue(java.nio.file.Files.notExists(deadScratch.getParent()), "the dead kernel's scratch folder is gone");
        assertTrue(java.nio.file.Files.isDirectory(live), "a running kernel's folder stays");
        assertTrue(java.nio.file.Files.isDirectory(other), "folders not named by a pid stay");
    }
}
