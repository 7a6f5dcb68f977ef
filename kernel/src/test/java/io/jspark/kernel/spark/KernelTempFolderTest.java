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

    @Test
    void aFolderWhoseLockIsHeldStaysThoughItsPidLooksDead() throws Exception {
        Path tmp = Files.createTempDirectory("jspark-orphans");
        Path live = Files.createDirectory(tmp.resolve("jspark-scratch-999999999-live"));
        Path dead = Files.createDirectory(tmp.resolve("jspark-scratch-999999998-dead"));
        try (java.nio.channels.FileChannel other = java.nio.channels.FileChannel.open(live.resolve(".jspark-lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            // A kernel in another process (here: another JVM's view of the lock) holds it.
            Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), live.resolve(".jspark-lock").toString())
                    .redirectErrorStream(true).start();
            try {
                assertEquals('L', holder.getInputStream().read(), "the holder took the lock");
                KernelTempFolder.removeOrphans(tmp);
                assertTrue(Files.exists(live), "a locked folder is in use");
                assertTrue(Files.notExists(dead), "an unlocked folder of a dead pid goes");
            } finally {
                holder.destroy();
                holder.waitFor();
            }
            KernelTempFolder.removeOrphans(tmp);
            assertTrue(Files.notExists(live), "once its kernel is gone it goes too");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Holds a lock on the file named by its argument until it is killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(Path.of(args[0]),
                    java.nio.file.StandardOpenOption.WRITE)) {
                channel.lock();
                System.out.print('L');
                System.out.flush();
                Thread.sleep(60_000);
            }
        }
    }
}
