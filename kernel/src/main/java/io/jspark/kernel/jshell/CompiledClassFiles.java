package io.jspark.kernel.jshell;

import io.jspark.kernel.spark.KernelTempFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bytes JShell produced for every class cells defined, kept as files in a folder of the kernel's
 * own rather than on the heap: a session defines a class or more per cell, executors may need any of
 * them for as long as it runs, and a day of cells would otherwise keep megabytes of them in memory.
 * The folder is created with the first class and removed on close. Any thread.
 */
final class CompiledClassFiles implements AutoCloseable {
    /** In the order they were first defined. */
    private final Set<String> names = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile KernelTempFolder folder;

    void put(String binaryName, byte[] bytes) {
        write(folder().path(), binaryName, bytes);
        names.add(binaryName);
    }

    boolean contains(String binaryName) {
        return names.contains(binaryName);
    }

    byte[] get(String binaryName) {
        try {
            return Files.readAllBytes(fileOf(folder.path(), binaryName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class file of " + binaryName, e);
        }
    }

    /** Every class defined so far, by binary name, in the order they were first defined. */
    Map<String, byte[]> all() {
        List<String> defined;
        synchronized (names) {
            defined = List.copyOf(names);
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        defined.forEach(name -> all.put(name, get(name)));
        return all;
    }

    private synchronized KernelTempFolder folder() {
        if (folder == null) {
            try {
                folder = KernelTempFolder.create("classes");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for the classes cells define", e);
            }
        }
        return folder;
    }

    /** Written aside and moved into place, so that a reader never sees half a class. */
    static void write(Path dir, String binaryName, byte[] bytes) {
        Path file = fileOf(dir, binaryName);
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            Files.write(partial, bytes);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the class file " + file, e);
        }
    }

    private static Path fileOf(Path dir, String binaryName) {
        return dir.resolve(binaryName.replace('.', '/') + ".class");
    }

    @Override
    public synchronized void close() {
        if (folder != null) {
            folder.close();
        }
    }
}
