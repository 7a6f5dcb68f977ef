package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.interpreter.EvalResult;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingCacheFileManagerTest {
    private final List<String> calls = new ArrayList<>();

    /** A file manager that records what reaches it. */
    private StandardJavaFileManager recording() {
        return (StandardJavaFileManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StandardJavaFileManager.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "list":
                            calls.add("list " + args[1]);
                            return List.of();
                        case "handleOption":
                            @SuppressWarnings("unchecked")
                            Iterator<String> values = (Iterator<String>) args[1];
                            calls.add("option " + args[0] + " " + values.next());
                            return true;
                        default:
                            return null;
                    }
                });
    }

    @Test
    void listingsAreAskedOnceUntilTheClassPathChanges() throws Exception {
        ListingCacheFileManager files = new ListingCacheFileManager(recording());
        Set<JavaFileObject.Kind> kinds = Set.of(JavaFileObject.Kind.CLASS);
        files.list(StandardLocation.CLASS_PATH, "org.apache.spark.sql", kinds, false);
        files.list(StandardLocation.CLASS_PATH, "org.apache.spark.sql", kinds, false);
        assertEquals(List.of("list org.apache.spark.sql"), calls);
        files.handleOption("--class-path", List.of("/tmp/more.jar").iterator());
        files.list(StandardLocation.CLASS_PATH, "org.apache.spark.sql", kinds, false);
        assertEquals(List.of("list org.apache.spark.sql", "option --class-path /tmp/more.jar", "list org.apache.spark.sql"), calls);
        files.list(StandardLocation.CLASS_OUTPUT, "REPL", kinds, false);
        files.list(StandardLocation.CLASS_OUTPUT, "REPL", kinds, false);
        assertEquals(2, calls.stream().filter(c -> c.equals("list REPL")).count(), "what cells compile is never kept");
    }

    /** javac gives every compile --multi-release; passed on each time, it made javac's file manager re-index every jar. */
    @Test
    void aRepeatedMultiReleaseOptionIsPassedOnOnceAndKeepsTheListings() {
        ListingCacheFileManager files = new ListingCacheFileManager(recording());
        Iterator<String> first = List.of("17").iterator();
        assertTrue(files.handleOption("--multi-release", first));
        Iterator<String> again = List.of("17").iterator();
        assertTrue(files.handleOption("--multi-release", again));
        assertTrue(!again.hasNext(), "its value is consumed like any option's");
        files.handleOption("--multi-release", List.of("11").iterator());
        assertEquals(List.of("option --multi-release 17", "option --multi-release 11"), calls);
    }

    /** A package that a cell looked for before a jar brought it is found once the jar is added. */
    @Test
    void aJarAddedToTheSessionBringsItsPackages(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("jsparkcache/Hello.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package jsparkcache; public class Hello { public static String hi() { return \"hi\"; } }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()));
        Path jar = dir.resolve("hello.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("jsparkcache/Hello.class"));
            Files.copy(classes.resolve("jsparkcache/Hello.class"), (OutputStream) out);
        }
        try (JShellInterpreter interpreter = new JShellInterpreter(List.of())) {
            assertInstanceOf(EvalResult.Failed.class, interpreter.eval("import jsparkcache.*;\nHello.hi()", "cell [1]"));
            interpreter.addToClasspath(jar);
            EvalResult.Ok ok = assertInstanceOf(EvalResult.Ok.class, interpreter.eval("import jsparkcache.*;\nHello.hi()", "cell [2]"));
            assertEquals("hi", String.valueOf(ok.value()));
        }
    }
}
