package io.jspark.kernel.magic;

import io.jspark.display.MimeBundle;
import io.jspark.kernel.interpreter.EvalResult;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The magics every session has: dependencies, classpath, HTML, timing and the list of magics. */
public final class BuiltinMagics {
    private static final EvalResult NO_VALUE = new EvalResult.Ok(false, null);

    private BuiltinMagics() {
    }

    public static void registerAll(Magics magics, MavenResolver maven) {
        magics.registerLine("maven", "group:artifact:version... [--repo URL]  add artifacts and their dependencies from Maven Central",
                (args, body, ctx) -> maven(maven, args, ctx));
        magics.registerLine("jars", "PATH...  add jars (globs allowed, e.g. lib/*.jar) to the session",
                (args, body, ctx) -> jars(args, ctx));
        magics.registerLine("classpath", " list what %maven and %jars added to the session",
                (args, body, ctx) -> classpath(ctx));
        magics.registerLine("lsmagic", " list the magics", (args, body, ctx) -> {
            System.out.print(magics.describe());
            return NO_VALUE;
        });
        magics.registerLine("time", "STATEMENT  run one line of Java and print how long it took",
                (args, body, ctx) -> time(args, ctx));
        magics.registerCell("time", " run the cell and print how long it took", (args, body, ctx) -> time(body, ctx));
        magics.registerLine("trace", " print the full stack trace of the last exception a cell threw", (args, body, ctx) -> {
            String trace = ctx.interpreter().lastTrace();
            System.out.print(trace.isEmpty() ? "No cell has thrown an exception yet.\n" : trace);
            return NO_VALUE;
        });
        magics.registerCell("html", " show the cell's body as HTML", (args, body, ctx) -> {
            ctx.display(MimeBundle.html(body));
            return NO_VALUE;
        });
    }

    private static EvalResult maven(MavenResolver maven, String args, MagicContext ctx) throws UsageError {
        List<String> coordinates = new ArrayList<>();
        List<String> repositories = new ArrayList<>();
        List<String> words = Words.split(args);
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("--repo")) {
                if (i + 1 == words.size()) {
                    throw new UsageError("--repo needs a repository URL");
                }
                repositories.add(words.get(++i));
            } else {
                coordinates.add(words.get(i));
            }
        }
        if (coordinates.isEmpty()) {
            throw new UsageError("usage: %maven group:artifact:version... [--repo URL]");
        }
        for (String coordinate : coordinates) {
            List<Path> jars = maven.resolve(coordinate, repositories);
            int added = 0;
            for (Path jar : jars) {
                if (ctx.interpreter().addToClasspath(jar)) {
                    added++;
                }
            }
            System.out.println("Added " + coordinate + ": " + added + " new jar" + (added == 1 ? "" : "s")
                    + " of " + jars.size() + " resolved");
        }
        return NO_VALUE;
    }

    private static EvalResult jars(String args, MagicContext ctx) throws UsageError, IOException {
        List<String> patterns = Words.split(args);
        if (patterns.isEmpty()) {
            throw new UsageError("usage: %jars PATH... (a jar, a folder of classes, or a glob such as lib/*.jar)");
        }
        for (String pattern : patterns) {
            List<Path> found = expandPattern(pattern);
            if (found.isEmpty()) {
                throw new UsageError("no file matches " + pattern);
            }
            for (Path p : found) {
                ctx.interpreter().addToClasspath(p);
            }
            System.out.println("Added " + found.size() + " path" + (found.size() == 1 ? "" : "s") + " for " + pattern);
        }
        return NO_VALUE;
    }

    public static List<Path> expandPattern(String pattern) throws IOException {
        String expanded = pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        Path path = Path.of(expanded);
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!name.contains("*") && !name.contains("?")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
        List<Path> matches = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, name)) {
                stream.forEach(matches::add);
            }
        }
        matches.sort(null);
        return matches;
    }

    private static EvalResult classpath(MagicContext ctx) {
        List<String> added = ctx.interpreter().addedClasspath();
        if (added.isEmpty()) {
            System.out.println("Nothing added yet; %maven and %jars add to the classpath.");
        } else {
            added.forEach(System.out::println);
        }
        return NO_VALUE;
    }

    private static EvalResult time(String code, MagicContext ctx) {
        long start = System.nanoTime();
        EvalResult result = ctx.run(code);
        double millis = (System.nanoTime() - start) / 1e6;
        System.out.println(String.format(Locale.ROOT, "Wall time: %.1f ms", millis));
        return result;
    }
}
