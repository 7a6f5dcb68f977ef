package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.JavaFileObject.Kind;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class path index lists what javac's own file manager lists from the same jars. */
class ClassPathIndexTest {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final List<Set<Kind>> KINDS = List.of(Set.of(Kind.CLASS), Set.of(Kind.SOURCE), Set.of(Kind.CLASS, Kind.SOURCE),
            Set.of(Kind.values()));

    @TempDir
    static Path dir;
    private static Path multiRelease;
    private static Path folder;

    /** A multi-release jar whose release 11 adds a method and a class, with a source, a sub-package and folders javac skips. */
    @BeforeAll
    static void jars() throws IOException {
        Path base = compile("base", Map.of("mr/Base.java", "package mr; public class Base { public int base() { return 1; } }",
                "mr/sub/Inner.java", "package mr.sub; public class Inner {}",
                "Top.java", "public class Top {}"));
        Path eleven = compile("eleven", Map.of("mr/Base.java",
                "package mr; public class Base { public int base() { return 1; } public int eleven() { return 11; } }",
                "mr/New.java", "package mr; public class New {}"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Multi-Release"), "true");
        multiRelease = dir.resolve("multi release.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(multiRelease), manifest)) {
            put(out, "mr/", null);
            put(out, "mr/Base.class", base.resolve("mr/Base.class"));
            put(out, "mr/Base.java", null);
            put(out, "mr/readme.txt", null);
            out.putNextEntry(new JarEntry("mr/Malformed.java"));
            out.write(new byte[] {'c', (byte) 0xff, (byte) 0xfe, 'd'});
            out.closeEntry();
            put(out, "mr/sub/Inner.class", base.resolve("mr/sub/Inner.class"));
            put(out, "mr/not-a-package/Hidden.class", base.resolve("mr/sub/Inner.class"));
            put(out, "Top.class", base.resolve("Top.class"));
            put(out, "META-INF/versions/11/mr/Base.class", eleven.resolve("mr/Base.class"));
            put(out, "META-INF/versions/11/mr/New.class", eleven.resolve("mr/New.class"));
        }
        Files.copy(multiRelease, dir.resolve("multi release.zip"));
        Files.write(dir.resolve("corrupt.jar"), "not a zip".getBytes(StandardCharsets.UTF_8));
        folder = compile("folder", Map.of("mr/Folder.java", "package mr; public class Folder {}"));
    }

    private static Path compile(String name, Map<String, String> sources) throws IOException {
        Path src = dir.resolve(name + "-src");
        List<String> args = new ArrayList<>(List.of("-d", dir.resolve(name).toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent() == null ? src : file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        assertEquals(0, JAVAC.run(null, null, null, args.toArray(String[]::new)));
        return dir.resolve(name);
    }

    private static void put(JarOutputStream out, String name, Path content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        if (content != null) {
            Files.copy(content, (OutputStream) out);
        } else if (!name.endsWith("/")) {
            out.write(("// " + name).getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }

    private static StandardJavaFileManager javacs(List<Path> classPath, String release) throws IOException {
        StandardJavaFileManager files = JAVAC.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
        if (release != null) {
            files.handleOption("--multi-release", List.of(release).iterator());
        }
        return files;
    }

    private static ListingCacheFileManager indexed(List<Path> classPath, String release) throws IOException {
        ListingCacheFileManager files = new ListingCacheFileManager(javacs(classPath, null));
        if (release != null) {
            files.handleOption("--multi-release", List.of(release).iterator());
        }
        return files;
    }

    /** What javac sees of each listed file: its binary name, kind, name, URI and bytes. */
    private static List<String> listing(javax.tools.JavaFileManager files, String pkg, Set<Kind> kinds, boolean recurse)
            throws IOException {
        List<String> seen = new ArrayList<>();
        for (JavaFileObject file : files.list(StandardLocation.CLASS_PATH, pkg, kinds, recurse)) {
            try (InputStream in = file.openInputStream()) {
                seen.add(files.inferBinaryName(StandardLocation.CLASS_PATH, file) + " " + file.getKind() + " " + file.getName() + " "
                        + file.toUri() + " " + Arrays.hashCode(in.readAllBytes()) + " " + file.getLastModified()
                        + " " + file.isNameCompatible(simpleName(file), file.getKind()));
            }
        }
        seen.sort(null);
        return seen;
    }

    private static String simpleName(JavaFileObject file) {
        String path = file.toUri().toString();
        return path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('.') < path.lastIndexOf('/') ? path.length() : path.lastIndexOf('.'));
    }

    @Test
    void aMultiReleaseJarIsListedAsJavacListsItAtEachRelease() throws IOException {
        for (String release : Arrays.asList(null, "8", "11", "17")) {
            try (StandardJavaFileManager javac = javacs(List.of(multiRelease), release);
                    ListingCacheFileManager index = indexed(List.of(multiRelease), release)) {
                for (String pkg : List.of("", "mr", "mr.sub", "nothing.here")) {
                    for (Set<Kind> kinds : KINDS) {
                        for (boolean recurse : new boolean[] {false, true}) {
                            assertEquals(listing(javac, pkg, kinds, recurse), listing(index, pkg, kinds, recurse),
                                    "release " + release + ", package '" + pkg + "', " + kinds + (recurse ? ", recursing" : ""));
                        }
                    }
                }
                List<JavaFileObject> listed = new ArrayList<>();
                index.list(StandardLocation.CLASS_PATH, "mr", Set.of(Kind.CLASS), false).forEach(listed::add);
                assertTrue(listed.stream().allMatch(JarEntryFile.class::isInstance), "the index lists: " + listed);
            }
        }
    }

    /** javac reads an archive whose name does not end with .jar as a plain zip, whatever the release. */
    @Test
    void anArchiveNotNamedJarIsReadWithoutReleases() throws IOException {
        List<Path> classPath = List.of(dir.resolve("multi release.zip"));
        try (StandardJavaFileManager javac = javacs(classPath, "11"); ListingCacheFileManager index = indexed(classPath, "11")) {
            assertEquals(listing(javac, "mr", Set.of(Kind.CLASS), false), listing(index, "mr", Set.of(Kind.CLASS), false));
            assertEquals(List.of("mr.Base"), binaryNames(index));
        }
    }

    /** javac reports a jar of the class path it cannot read at each listing (as "error reading"); the index leaves that to javac. */
    @Test
    void aCorruptJarIsReportedByJavac() throws IOException {
        List<Path> classPath = List.of(multiRelease, dir.resolve("corrupt.jar"));
        try (StandardJavaFileManager javac = javacs(classPath, "17"); ListingCacheFileManager index = indexed(classPath, "17")) {
            for (String pkg : List.of("mr", "mr.sub")) {
                IOException expected = assertThrows(IOException.class, () -> javac.list(StandardLocation.CLASS_PATH, pkg, Set.of(Kind.CLASS), false));
                IOException reported = assertThrows(IOException.class, () -> index.list(StandardLocation.CLASS_PATH, pkg, Set.of(Kind.CLASS), false));
                assertEquals(expected.getMessage(), reported.getMessage(), pkg);
            }
        }
    }

    @Test
    void aSourceInAJarIsDecodedAsJavacWouldAndMalformedInputIsReported() throws IOException {
        try (ListingCacheFileManager index = indexed(List.of(multiRelease), "17")) {
            JavaFileObject malformed = null;
            for (JavaFileObject file : index.list(StandardLocation.CLASS_PATH, "mr", Set.of(Kind.SOURCE), false)) {
                if (file.isNameCompatible("Malformed", Kind.SOURCE)) {
                    malformed = file;
                }
            }
            JavaFileObject source = java.util.Objects.requireNonNull(malformed, "mr/Malformed.java is listed");
            assertTrue(source instanceof JarEntryFile);
            assertThrows(java.nio.charset.CharacterCodingException.class, () -> source.getCharContent(false));
            String replaced = source.getCharContent(true).toString();
            assertTrue(replaced.startsWith("c") && replaced.endsWith("d") && replaced.length() > 2, replaced);
            assertTrue(index.contains(StandardLocation.CLASS_PATH, source));
            assertFalse(index.contains(StandardLocation.SOURCE_PATH, source), "the jar is on the class path only");
        }
    }

    @Test
    void theReleaseDecidesWhichClassesAreSeen() throws IOException {
        try (ListingCacheFileManager index = indexed(List.of(multiRelease), "8")) {
            assertEquals(List.of("mr.Base"), binaryNames(index));
            index.handleOption("--multi-release", List.of("11").iterator());
            assertEquals(List.of("mr.Base", "mr.New"), binaryNames(index));
        }
    }

    private static List<String> binaryNames(ListingCacheFileManager files) throws IOException {
        List<String> names = new ArrayList<>();
        for (JavaFileObject file : files.list(StandardLocation.CLASS_PATH, "mr", Set.of(Kind.CLASS), false)) {
            names.add(files.inferBinaryName(StandardLocation.CLASS_PATH, file));
        }
        names.sort(null);
        return names;
    }

    @Test
    void aClassPathWithAFolderIsListedByJavac() throws IOException {
        List<Path> classPath = List.of(multiRelease, folder);
        try (StandardJavaFileManager javac = javacs(classPath, "17"); ListingCacheFileManager index = indexed(classPath, "17")) {
            assertEquals(listing(javac, "mr", Set.of(Kind.CLASS), false), listing(index, "mr", Set.of(Kind.CLASS), false));
            for (JavaFileObject file : index.list(StandardLocation.CLASS_PATH, "mr", Set.of(Kind.CLASS), false)) {
                assertFalse(file instanceof JarEntryFile, file.getName());
            }
        }
    }

    /** javac compiles against the versioned class the index lists, and reports what it lacks as it would. */
    @Test
    void javacCompilesAgainstTheJarThroughTheIndex() throws IOException {
        assertEquals("", compileAgainstJar("class Use { int eleven = new mr.Base().eleven(); mr.New made = new mr.New(); }"));
        String errors = compileAgainstJar("class Use { int missing = new mr.Base().seventeen(); }");
        assertTrue(errors.contains("cannot find symbol") && errors.contains("seventeen()"), errors);
    }

    private static String compileAgainstJar(String source) throws IOException {
        StringWriter errors = new StringWriter();
        try (ListingCacheFileManager files = indexed(List.of(multiRelease), null)) {
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(Files.createDirectories(dir.resolve("out"))));
            JavaFileObject use = new SimpleJavaFileObject(java.net.URI.create("string:///Use.java"), Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            JAVAC.getTask(errors, files, null, List.of("-proc:none"), null, List.of(use)).call();
        }
        return errors.toString();
    }
}
