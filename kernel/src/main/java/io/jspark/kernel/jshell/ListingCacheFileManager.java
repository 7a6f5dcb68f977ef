package io.jspark.kernel.jshell;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * javac's file manager for JShell, remembering what a package of the class path and the platform
 * holds. Every compile lists the packages of every import on demand (java.util.*,
 * org.apache.spark.sql.*, ...), and javac hands its file manager --multi-release again at every
 * compile, on which javac's own file manager drops its index of the kernel's few hundred jars and
 * builds it anew for the next listing: a third of a trivial cell's compile. The option is passed on
 * only when its value changes; jars do not change while the kernel runs, and the listings are
 * forgotten when the class path does (%maven, %jars, JSPARK_CLASSPATH).
 * Packages of the class path's jars are listed from a {@link ClassPathIndex} of them, not by javac's
 * file manager, which reads every jar's entries one by one before its first listing.
 * JShell compiles on the cell thread and lists packages also from its background indexer, hence the
 * concurrent map.
 */
final class ListingCacheFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> implements StandardJavaFileManager {
    private static final String MULTI_RELEASE = "--multi-release";

    private final Map<List<Object>, List<JavaFileObject>> listings = new ConcurrentHashMap<>();
    private final ClassPathIndex classPath = new ClassPathIndex();
    private String multiRelease;

    ListingCacheFileManager(StandardJavaFileManager delegate) {
        super(delegate);
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
            throws IOException {
        if (location.isOutputLocation()) {
            return super.list(location, packageName, kinds, recurse);
        }
        List<Object> key = List.of(location, packageName, Set.copyOf(kinds), recurse);
        List<JavaFileObject> listed = listings.get(key);
        if (listed == null) {
            List<Path> entries = location == StandardLocation.CLASS_PATH ? classPathEntries() : null;
            List<JavaFileObject> found = entries == null ? null : classPath.list(entries, packageName, kinds, recurse);
            if (found == null) {
                found = new ArrayList<>();
                for (JavaFileObject file : super.list(location, packageName, kinds, recurse)) {
                    found.add(file);
                }
            }
            listed = List.copyOf(found);
            listings.put(key, listed);
        }
        return listed;
    }

    /** Null where javac's file manager has no class path (then it lists). */
    private List<Path> classPathEntries() {
        Iterable<? extends Path> entries = fileManager.getLocationAsPaths(StandardLocation.CLASS_PATH);
        if (entries == null) {
            return null;
        }
        List<Path> paths = new ArrayList<>();
        entries.forEach(paths::add);
        return paths;
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
        return file instanceof JarEntryFile entry ? entry.binaryName() : super.inferBinaryName(location, file);
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return a instanceof JarEntryFile || b instanceof JarEntryFile ? a.equals(b) : super.isSameFile(a, b);
    }

    @Override
    public boolean contains(Location location, FileObject file) throws IOException {
        if (file instanceof JarEntryFile entry) {
            Iterable<? extends Path> paths = fileManager.getLocationAsPaths(location);
            if (paths != null) {
                for (Path path : paths) {
                    if (path.equals(entry.jarPath())) {
                        return true;
                    }
                }
            }
            return false;
        }
        return super.contains(location, file);
    }

    @Override
    public void close() throws IOException {
        try {
            classPath.close();
        } finally {
            super.close();
        }
    }

    @Override
    public boolean handleOption(String current, Iterator<String> remaining) {
        if (MULTI_RELEASE.equals(current) && remaining.hasNext()) {
            String value = remaining.next();
            if (value.equals(multiRelease)) {
                return true;
            }
            multiRelease = value;
            classPath.release(value);
            boolean handled = super.handleOption(current, List.of(value).iterator());
            listings.clear();
            return handled;
        }
        boolean handled = super.handleOption(current, remaining);
        // After the change, so that a listing made meanwhile on another thread from the old class path is not kept.
        listings.clear();
        return handled;
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        fileManager.setLocation(location, files);
        listings.clear();
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationFromPaths(location, paths);
        listings.clear();
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationForModule(location, moduleName, paths);
        listings.clear();
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return fileManager.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return fileManager.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return fileManager.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        if (file instanceof JarEntryFile) {
            throw new IllegalArgumentException("a jar entry has no path of its own: " + file.getName());
        }
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory factory) {
        fileManager.setPathFactory(factory);
    }
}
