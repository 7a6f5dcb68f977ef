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

    public NotebookClassLoader(ClassLoader parent) {
        super("notebook", new URL[0], parent);
    }

    void define(String binaryName, byte[] original, byte[] loadable) {
        originalBytes.put(binaryName, original);
        loadableBytes.put(binaryName, loadable);
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
