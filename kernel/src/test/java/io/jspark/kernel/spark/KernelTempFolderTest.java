package io.jspark.kernel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class KernelTempFolderTest {
    @Test
    void theFolderIsTheUsersAloneNamedByPidAndGoneWhenClosed() throws Exception {
        KernelTempFolder folder = KernelTempFolder.create("scratch");
        Path dir = folder.path();
        try {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertTrue(dir.getFileName().toString().startsWith("jspark-scratch-" + ProcessHandle.current().pid() + "-"), dir.toString());
            Files.createDirectories(dir.resolve("blockmgr-1/0a"));
            Files.write(dir.resolve("blockmgr-1/0a/shuffle_0_0_0.data"), new byte[] {1});
        } finally {
            folder.close();
        }
        assertTrue(Files.notExists(dir));
    }
}
