package io.jspark.kernel.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of the kernel's in java.io.tmpdir, readable by the kernel's user alone (the JDK creates
 * temporary folders 0700, so what is inside is out of others' reach whatever its own rights). Its
 * name carries the kernel's pid, so that a later kernel can delete the folders of dead ones, and the
 * kernel holds a lock on a file inside for as long as it runs, so that a live kernel whose pid is not
 * visible here (one in another container sharing the folder) keeps its folder; it is deleted on close
 * and when the JVM exits.
 */
public final class KernelTempFolder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KernelTempFolder.class.getName());
    /** jspark-KIND-PID-RANDOM, for the kinds of folder the kernel creates. */
    private static final Pattern NAME = Pattern.compile("jspark-(classes|scratch)-(\\d+)-.*");

    private static final String LOCK = ".jspark-lock";

    private final Path dir;
    /** Open, and locked, for the kernel's life. */
    private final FileChannel lock;

    private KernelTempFolder(Path dir, FileChannel lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** {@code kind} is one of the kinds {@link #NAME} knows, so that orphans of that kind are found. */
    public static KernelTempFolder create(String kind) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        removeOrphans(tmp);
        Path dir = Files.createTempDirectory(tmp, "jspark-" + kind + "-" + ProcessHandle.current().pid() + "-");
        FileChannel lock = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock.lock();
        KernelTempFolder folder = new KernelTempFolder(dir, lock);
        // Also when the kernel is terminated without a shutdown request.
        Runtime.getRuntime().addShutdownHook(new Thread(folder::close, "jspark-" + kind + "-folder-cleanup"));
        return folder;
    }

    /**
     * Deletes the folders of kernels that are no longer running. A kernel killed outright (SIGKILL, a
     * crash) cannot delete its own; the shutdown hook and {@link #close} cover every other ending.
     */
    static void removeOrphans(Path tmp) {
        try (Stream<Path> folders = Files.list(tmp)) {
            folders.filter(f -> ownerGone(f.getFileName().toString()) && !inUse(f)).forEach(KernelTempFolder::deleteTree);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list " + tmp, e);
        }
    }

    private static boolean ownerGone(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(m.group(2))).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether a kernel holds the folder's lock; folders of kernels from before there were locks have none. */
    static boolean inUse(Path folder) {
        try (FileChannel channel = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException | IOException e) {
            return true;
        }
    }

    public Path path() {
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot release the lock of " + dir, e);
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Spark's own shutdown hook may be deleting its folders inside at the same time.
            LOG.log(System.Logger.Level.WARNING, "could not delete " + dir, e);
        }
    }
}
