package io.jspark.kernel.jshell;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the classes JShell compiles from their bytes, and the jars that magics add. Keeps the bytes
 * exactly as JShell produced them (before the kernel's own rewriting), on disk, because Spark
 * executors on other JVMs must load the same classes from them.
 */
public final class NotebookClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    /**
     * JShell's wrapper of one snippet; its static fields hold the snippet's top-level variables. JShell
     * names it by the snippet's number ($JShell$12), renames it with letters when the snippet is
     * declared again ($JShell$12B) and joins names with '_'; classes the snippet declares are nested
     * ($JShell$12$Trip).
     */
    private static final java.util.regex.Pattern SNIPPET_WRAPPER = java.util.regex.Pattern.compile("REPL[./]\\$JShell\\$[0-9A-Za-z_]+");

    /** JShell's bytes of every class defined, which executors in other JVMs load (rewritten) later. */
    private final CompiledClassFiles originalBytes = new CompiledClassFiles();
    private final Map<String, byte[]> loadableBytes = new ConcurrentHashMap<>();
    /** Where class files also go, for Spark to serve to executors (spark.repl.class.outputDir); null until set. */
    private volatile java.nio.file.Path outputDir;
    /** Turns JShell's bytes into what executors load; set together with outputDir. */
    private volatile java.util.function.UnaryOperator<byte[]> forExecutors;

    public NotebookClassLoader(ClassLoader parent) {
        super("notebook", new URL[0], parent);
    }

    void define(String binaryName, byte[] original, byte[] loadable) {
        originalBytes.put(binaryName, original);
        loadableBytes.put(binaryName, loadable);
        java.nio.file.Path dir = outputDir;
        if (dir != null) {
            writeForExecutors(dir, binaryName, original);
        }
    }

    private void writeForExecutors(java.nio.file.Path dir, String binaryName, byte[] original) {
        byte[] bytes;
        try {
            bytes = forExecutors.apply(original);
        } catch (RuntimeException e) {
            // The kernel's own copy of the class is unaffected; executors get it as JShell made it.
            System.getLogger(NotebookClassLoader.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot prepare " + binaryName + " for executors; they get it unchanged", e);
            bytes = original;
        }
        write(dir, binaryName, bytes);
    }

    /**
     * Writes every class defined so far, and each one defined later, as a class file under
     * {@code dir}, transformed by {@code forExecutors}. A redefined class overwrites its file, so
     * executors that load it afterwards get the new definition.
     */
    public synchronized void exportTo(java.nio.file.Path dir, java.util.function.UnaryOperator<byte[]> forExecutors) {
        this.forExecutors = forExecutors;
        outputDir = dir;
        originalBytes.all().forEach((name, bytes) -> writeForExecutors(dir, name, bytes));
    }

    /**
     * Whether a static field, named by its owner's internal name ({@code REPL/$JShell$12}) and its own,
     * is where JShell keeps a top-level variable: a static field of a snippet's wrapper class. Classes
     * a cell declares are nested in the wrapper and keep their static fields to themselves.
     */
    public static boolean isVariableField(String owner, String name) {
        return SNIPPET_WRAPPER.matcher(owner).matches() && !name.equals("$assertionsDisabled");
    }

    /**
     * The value the kernel's JVM holds now for a top-level variable, named as {@code REPL.$JShell$12.n}.
     * Only variables of classes this loader defined are given out.
     */
    public Object variableValue(String variable) throws ReflectiveOperationException {
        int dot = variable.lastIndexOf('.');
        String owner = dot < 0 ? "" : variable.substring(0, dot);
        String name = variable.substring(dot + 1);
        if (!isVariableField(owner, name) || !originalBytes.contains(owner)) {
            throw new NoSuchFieldException("not a notebook variable: " + variable);
        }
        java.lang.reflect.Field field = Class.forName(owner, false, this).getDeclaredField(name);
        if (!java.lang.reflect.Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
            throw new NoSuchFieldException("not a notebook variable: " + variable);
        }
        field.setAccessible(true);
        return field.get(null);
    }

    private static void write(java.nio.file.Path dir, String binaryName, byte[] bytes) {
        try {
            CompiledClassFiles.write(dir, binaryName, bytes);
        } catch (java.io.UncheckedIOException e) {
            // The class still works here; only executors in other JVMs would miss it.
            System.getLogger(NotebookClassLoader.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot write " + binaryName + " for executors", e);
        }
    }

    @Override
    public void addURL(URL url) {
        super.addURL(url);
    }

    /** The bytes JShell produced for each class defined so far, by binary name. */
    public Map<String, byte[]> definedClasses() {
        return Collections.unmodifiableMap(originalBytes.all());
    }

    /** Removes the folder of the classes' bytes, when the session ends; classes already loaded keep working. */
    void discardClassFiles() {
        originalBytes.close();
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = loadableBytes.get(name);
        if (bytes != null) {
            // The JVM asks a loader for a class once; the bytes need not outlive it.
            Class<?> defined = defineClass(name, bytes, 0, bytes.length);
            loadableBytes.remove(name);
            return defined;
        }
        return super.findClass(name);
    }
}
