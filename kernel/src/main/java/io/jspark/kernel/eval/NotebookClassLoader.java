package io.jspark.kernel.eval;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the classes JShell compiles from their bytes, and the jars that magics add. Keeps the bytes
 * exactly as JShell produced them (before the kernel's own rewriting), because Spark executors on
 * other JVMs must load the same classes from them.
 */
public final class NotebookClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> originalBytes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> loadableBytes = new ConcurrentHashMap<>();
    /** Where class files also go, for Spark to serve to executors (spark.repl.class.outputDir); null until set. */
    private volatile java.nio.file.Path outputDir;

    public NotebookClassLoader(ClassLoader parent) {
        super("notebook", new URL[0], parent);
    }

    void define(String binaryName, byte[] original, byte[] loadable) {
        originalBytes.put(binaryName, original);
        loadableBytes.put(binaryName, loadable);
        java.nio.file.Path dir = outputDir;
        if (dir != null) {
            write(dir, binaryName, original);
        }
    }

    /**
     * Writes every class defined so far, and each one defined later, as a class file under
     * {@code dir}. A redefined class overwrites its file, so executors that load it afterwards get
     * the new definition.
     */
    public synchronized void exportTo(java.nio.file.Path dir) {
        outputDir = dir;
        originalBytes.forEach((name, bytes) -> write(dir, name, bytes));
    }

    private static void write(java.nio.file.Path dir, String binaryName, byte[] bytes) {
        java.nio.file.Path file = dir.resolve(binaryName.replace('.', '/') + ".class");
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Path partial = file.resolveSibling(file.getFileName() + ".part");
            java.nio.file.Files.write(partial, bytes);
            java.nio.file.Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            // The class still works here; only executors in other JVMs would miss it.
            System.getLogger(NotebookClassLoader.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot write the class file " + file + " for executors", e);
        }
    }

    @Override
    public void addURL(URL url) {
        super.addURL(url);
    }

    /** The bytes JShell produced for each class defined so far, by binary name. */
    public Map<String, byte[]> definedClasses() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(originalBytes));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = loadableBytes.get(name);
        if (bytes != null) {
            return defineClass(name, bytes, 0, bytes.length);
        }
        return super.findClass(name);
    }
}
