package io.jspark.kernel.scalarepl;

import io.jspark.kernel.jvm.NotebookBytecode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;

/**
 * The classes Scala's compiler wrote for cells, defined in the interpreter's class loader rewritten as
 * JShell's are (loops check for interrupts, System.exit and sys.exit throw, %threads sees the threads
 * they start) just before the cell's code runs, so that the loader never reads them unrewritten; the
 * compiler's own bytes stay on disk, and are copied for executors in other JVMs once Spark asks.
 * Used by the threads that compile (the cell's and the shell's) and the one that starts Spark, one
 * at a time: the methods are synchronized.
 */
final class CellClasses {
    private static final System.Logger LOG = System.getLogger(CellClasses.class.getName());
    private static final MethodHandle DEFINE_CLASS = defineClass();

    private final Path outputDir;
    private final String linePrefix;
    /** Line packages already defined. */
    private final Set<String> done = new HashSet<>();
    /** The first line number not looked at yet. */
    private int nextLine = 1;
    private boolean warnedUnknownLine;
    private Path exportDir;

    CellClasses(Path outputDir, String linePrefix) {
        this.outputDir = outputDir;
        this.linePrefix = linePrefix;
    }

    private static MethodHandle defineClass() {
        try {
            return MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup()).findVirtual(ClassLoader.class,
                    "defineClass", MethodType.methodType(Class.class, String.class, byte[].class, int.class, int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without --add-opens java.base/java.lang the classes load as compiled: no interrupt checks, no exit guard.
            LOG.log(System.Logger.Level.WARNING, "cannot define rewritten Scala cell classes; kernel.json opens java.lang for it", e);
            return null;
        }
    }

    /** Copies the classes so far to {@code dir} and every later one as it is defined; on the thread that starts Spark. */
    synchronized void exportTo(Path dir) {
        exportDir = dir;
        try {
            for (String name : done) {
                copyPackage(outputDir.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the Scala cell classes to " + dir, e);
        }
    }

    /**
     * Called as a request's code starts, on the cell thread or the shell's (inspection compiles
     * too), {@code executingPackage} ("$line12") naming its classes' package: defines what the
     * compiler wrote since the last request. Line numbers only grow, so only the folders numbered
     * since then are looked at, not the thousands of a long session.
     */
    synchronized void defineNew(ClassLoader loader, String executingPackage) {
        int upTo = lineNumber(executingPackage);
        if (upTo < 0) {
            // This Scala keeps the running request elsewhere: look at every folder, as slow as that is.
            if (!warnedUnknownLine) {
                warnedUnknownLine = true;
                LOG.log(System.Logger.Level.WARNING, "cannot tell which request runs; the class folder is listed each cell");
            }
            upTo = highestLine();
        }
        for (int line = nextLine; line <= upTo; line++) {
            String name = linePrefix + line;
            Path pkg = outputDir.resolve(name);
            // Requests that did not compile wrote nothing.
            if (Files.isDirectory(pkg) && !done.contains(name)) {
                try {
                    definePackage(pkg, name, loader);
                    done.add(name);
                    if (exportDir != null) {
                        copyPackage(pkg);
                    }
                } catch (IOException e) {
                    // Tried again as the next request starts.
                    LOG.log(System.Logger.Level.WARNING, "cannot read the Scala cell classes in " + pkg, e);
                    return;
                }
            }
            nextLine = line + 1;
        }
    }

    private int highestLine() {
        int highest = -1;
        try (Stream<Path> packages = Files.list(outputDir)) {
            for (Path pkg : (Iterable<Path>) packages::iterator) {
                highest = Math.max(highest, lineNumber(pkg.getFileName().toString()));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list the Scala cell classes in " + outputDir, e);
        }
        return highest;
    }

    private int lineNumber(String packageName) {
        if (packageName == null || !packageName.startsWith(linePrefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(packageName.substring(linePrefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void definePackage(Path pkg, String packageName, ClassLoader loader) throws IOException {
        if (DEFINE_CLASS == null) {
            return;
        }
        Map<String, byte[]> pending = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(pkg)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                // The $eval object runs now: it is loaded already.
                if (fileName.endsWith(".class") && !fileName.startsWith("$eval")) {
                    pending.put(packageName + "." + fileName.substring(0, fileName.length() - ".class".length()),
                            Files.readAllBytes(file));
                }
            }
        }
        while (!pending.isEmpty()) {
            define(pending.keySet().iterator().next(), pending, loader);
        }
    }

    /** Superclasses and interfaces of the same cell first: defining a class loads them. */
    private void define(String name, Map<String, byte[]> pending, ClassLoader loader) {
        byte[] bytes = pending.remove(name);
        ClassReader reader = new ClassReader(bytes);
        for (String parent : Stream.concat(Stream.ofNullable(reader.getSuperName()), Stream.of(reader.getInterfaces())).toList()) {
            String parentName = parent.replace('/', '.');
            if (pending.containsKey(parentName)) {
                define(parentName, pending, loader);
            }
        }
        byte[] rewritten;
        try {
            rewritten = NotebookBytecode.rewrite(bytes);
        } catch (RuntimeException e) {
            // A method the hooks would make too large, say: the class loads as compiled.
            LOG.log(System.Logger.Level.WARNING, "cannot rewrite the Scala cell class " + name + "; it runs without the hooks", e);
            return;
        }
        try {
            DEFINE_CLASS.invoke(loader, name, rewritten, 0, rewritten.length);
        } catch (ClassFormatError e) {
            LOG.log(System.Logger.Level.WARNING, "the rewritten Scala cell class " + name + " is invalid; it loads as compiled", e);
        } catch (LinkageError e) {
            // Loaded already, as compiled: it runs without the hooks.
            LOG.log(System.Logger.Level.DEBUG, "Scala cell class " + name + " was loaded before it could be rewritten");
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "cannot define the Scala cell class " + name, e);
        }
    }

    private void copyPackage(Path pkg) throws IOException {
        Path target = Files.createDirectories(exportDir.resolve(pkg.getFileName().toString()));
        try (Stream<Path> files = Files.list(pkg)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
