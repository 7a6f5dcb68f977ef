package io.jspark.kernel.jshell;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import javax.lang.model.SourceVersion;
import javax.tools.JavaFileObject;

/**
 * What the jars of javac's class path hold, package by package, read with java.util.jar in parallel.
 * javac's own file manager opens every jar of the class path as a zip file system and reads the
 * attributes of each of its entries before it lists a first package: with Spark's two hundred jars,
 * most of a kernel's first compile, on one core. Lists what javac's file manager would list from the
 * same jars (multi-release jars seen at the release javac compiles for); a class path that also holds
 * folders, or a jar that cannot be read, is left to javac's file manager, as are all other locations.
 * Shared by the cell thread and JShell's background indexer, under its lock.
 */
final class ClassPathIndex implements Closeable {
    /**
     * java.util.jar reads multi-release jars as javac's zip file systems do unless this system property
     * says otherwise; then javac's file manager lists.
     */
    private static final boolean MULTI_RELEASE_AS_ZIP_FILE_SYSTEMS =
            System.getProperty("jdk.util.jar.enableMultiRelease", "true").equals("true");

    private final Map<Path, JarContents> jars = new HashMap<>();
    /** Class path entries that could not be read: while one is on the class path, javac's file manager lists. */
    private final Set<Path> unreadable = new HashSet<>();
    /** Jars read at an earlier release: files listed from them may still be read, so they close with the index. */
    private final List<JarContents> retired = new ArrayList<>();
    /** The release multi-release jars are read at; null reads their base entries, as javac does before --multi-release. */
    private Runtime.Version release;
    /** Set by a --multi-release value this index cannot read jars at: then javac's file manager lists. */
    private boolean unknownRelease;

    /** Sets the release javac compiles for, javac's --multi-release value; a new one reads the jars anew. */
    synchronized void release(String multiRelease) {
        Runtime.Version version;
        try {
            version = multiRelease.equals("runtime") ? Runtime.version() : Runtime.Version.parse(multiRelease);
            unknownRelease = false;
        } catch (IllegalArgumentException e) {
            unknownRelease = true;
            return;
        }
        if (!version.equals(release)) {
            retired.addAll(jars.values());
            jars.clear();
            release = version;
        }
    }

    /** The files of {@code packageName} in the jars of {@code classPath}, in class path order; null where javac must list. */
    synchronized List<JavaFileObject> list(Collection<? extends Path> classPath, String packageName, Set<JavaFileObject.Kind> kinds,
            boolean recurse) {
        if (unknownRelease || !MULTI_RELEASE_AS_ZIP_FILE_SYSTEMS) {
            return null;
        }
        List<Path> toRead = new ArrayList<>();
        for (Path entry : classPath) {
            if (Files.isDirectory(entry) || unreadable.contains(entry)) {
                return null;
            }
            if (!jars.containsKey(entry) && Files.isRegularFile(entry)) {
                toRead.add(entry);
            }
        }
        if (!read(toRead)) {
            return null;
        }
        String directory = packageName.replace('.', '/');
        List<JavaFileObject> found = new ArrayList<>();
        for (Path entry : classPath) {
            JarContents contents = jars.get(entry);
            if (contents != null) {
                contents.list(directory, kinds, recurse, found);
            }
        }
        return found;
    }

    /** Reads the jars in parallel; false when one cannot be read, so that javac reports it as it would. */
    private boolean read(List<Path> paths) {
        Runtime.Version version = release;
        boolean all = true;
        for (Read read : paths.parallelStream().map(path -> Read.of(path, version)).toList()) {
            if (read.contents() == null) {
                unreadable.add(read.path());
                all = false;
            } else {
                jars.put(read.path(), read.contents());
            }
        }
        return all;
    }

    private record Read(Path path, JarContents contents) {
        static Read of(Path path, Runtime.Version release) {
            try {
                return new Read(path, JarContents.read(path, release));
            } catch (IOException | RuntimeException e) {
                System.getLogger(ClassPathIndex.class.getName()).log(System.Logger.Level.DEBUG,
                        "a class path entry is left to javac's file manager: " + path, e);
                return new Read(path, null);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        retired.addAll(jars.values());
        jars.clear();
        for (JarContents contents : retired) {
            contents.jar.close();
        }
        retired.clear();
    }

    /** One jar's regular entries by the folder they are in ("org/apache/spark/sql"; "" for the top). */
    private static final class JarContents {
        private final Path path;
        private final JarFile jar;
        private final String uriPrefix;
        private final Map<String, List<JarEntry>> byFolder = new HashMap<>();

        private JarContents(Path path, JarFile jar) {
            this.path = path;
            this.jar = jar;
            this.uriPrefix = "jar:" + path.toUri().normalize() + "!/";
        }

        /** As javac reads an archive: at the release only when its name ends with .jar. */
        static JarContents read(Path path, Runtime.Version release) throws IOException {
            JarFile jar = release == null || !path.toString().endsWith(".jar") ? new JarFile(path.toFile(), false)
                    : new JarFile(path.toFile(), false, ZipFile.OPEN_READ, release);
            JarContents contents = new JarContents(path, jar);
            try {
                jar.versionedStream().forEach(contents::add);
            } catch (RuntimeException e) {
                jar.close();
                throw e;
            }
            return contents;
        }

        private void add(JarEntry entry) {
            String name = entry.getName();
            if (!name.endsWith("/")) {
                int slash = name.lastIndexOf('/');
                byFolder.computeIfAbsent(slash < 0 ? "" : name.substring(0, slash), folder -> new ArrayList<>()).add(entry);
            }
        }

        /** As javac's archive container lists: below the package, only through folders named like Java identifiers. */
        void list(String directory, Set<JavaFileObject.Kind> kinds, boolean recurse, List<JavaFileObject> found) {
            if (recurse) {
                String prefix = directory.isEmpty() ? "" : directory + "/";
                byFolder.forEach((folder, entries) -> {
                    if (folder.equals(directory) || (folder.startsWith(prefix) && identifiers(folder.substring(prefix.length())))) {
                        add(entries, kinds, found);
                    }
                });
            } else {
                List<JarEntry> entries = byFolder.get(directory);
                if (entries != null) {
                    add(entries, kinds, found);
                }
            }
        }

        private void add(List<JarEntry> entries, Set<JavaFileObject.Kind> kinds, List<JavaFileObject> found) {
            for (JarEntry entry : entries) {
                JavaFileObject.Kind kind = JarEntryFile.kindOf(entry.getName());
                if (kinds.contains(kind)) {
                    found.add(new JarEntryFile(path, jar, uriPrefix, entry, kind));
                }
            }
        }

        private static boolean identifiers(String folders) {
            for (String folder : folders.split("/")) {
                if (!SourceVersion.isIdentifier(folder)) {
                    return false;
                }
            }
            return true;
        }
    }
}
