package io.jspark.kernel.jshell;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Frees what JShell keeps of snippets that have run and that no later snippet can reach. Without
 * it, a session's memory and each cell's compile time grow with every cell:
 * <ul>
 * <li>JShell compiles every snippet in a class whose source imports every declaration alive at the
 * time, and keeps that source (twice: as pieces and joined) for the whole session. A notebook that
 * declares a variable in each cell keeps n import lines for its n-th cell, so memory grows with the
 * square of the cells (about 90 MB by 1,500 declarations in a bare JShell). What JShell still reads
 * of a wrapper once its snippet ran is its class name and line structure (to map stack traces to
 * snippet lines), and a snippet compiled again gets a new wrapper; so each generated piece of text
 * becomes just its line breaks, and the user's own code in it stays. Statements and expressions are
 * never compiled again, so the code JShell generated around theirs shrinks too.</li>
 * <li>JShell's compiler lists every class it ever compiled each time it compiles a snippet. The
 * wrapper classes of statements and expressions (and of the temporary variables the kernel drops)
 * can never be named by later code, so the compiler forgets them, and JShell's record of loaded
 * classes their bytes; they stay loaded, and their bytes stay on disk for executors
 * ({@link CompiledClassFiles}).</li>
 * <li>JShell's compiler keeps one context (symbols, names, scope listeners) from compile to compile,
 * and it grows with each: every compile that uses a library class leaves listeners on its scopes
 * that nothing removes (about 1.5 KB a cell of {@code spark.range(1000).count()}). JShell starts a
 * fresh context when the class path changes; the kernel has it do so every few hundred cells too,
 * at the cost of one slower compile.</li>
 * </ul>
 * This reaches into JShell's internals (the same in JDK 17 and 25), which the kernelspec opens to
 * the kernel ({@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED}); where they are closed or
 * differ, nothing is trimmed and the kernel log says so once.
 */
final class SnippetTrimmer {
    private static final System.Logger LOG = System.getLogger(SnippetTrimmer.class.getName());

    private static final String[] SHARED_LINE_BREAKS = java.util.stream.IntStream.range(0, 64)
            .mapToObj(n -> n == 0 ? "" : " " + "\n".repeat(n)).toArray(String[]::new);
    /** What JShell's record holds instead of a forgotten class's bytes: loaded, and unlike any class. */
    private static final byte[] NO_BYTES = new byte[0];

    private final JShell shell;
    private final Field outer;
    private final Field outerWrap;
    private final Class<?> compoundWrap;
    private final Field pieces;
    private final Field joined;
    private final Class<?> wrap;
    private final Method wrapped;
    /** JShell's compiler's output, by binary class name: what it lists for package REPL. */
    private final NavigableMap<String, ?> compiledClasses;
    /** JShell's record of the classes it loaded, by binary name: their bytes, to tell a changed class. */
    private final Map<String, ?> loadedClasses;
    private final Field currentBytes;
    private final Field loadedBytes;
    private final Object taskFactory;
    /** Makes JShell's pool of compiler contexts anew, as adding to the class path does. */
    private final Method freshCompilerContexts;

    @SuppressWarnings("unchecked")
    private SnippetTrimmer(JShell shell) throws ReflectiveOperationException {
        this.shell = shell;
        outer = accessible(Snippet.class.getDeclaredField("outer"));
        outerWrap = accessible(Class.forName("jdk.jshell.OuterWrap").getDeclaredField("w"));
        compoundWrap = Class.forName("jdk.jshell.Wrap$CompoundWrap");
        pieces = accessible(compoundWrap.getDeclaredField("os"));
        joined = accessible(compoundWrap.getDeclaredField("wrapped"));
        wrap = Class.forName("jdk.jshell.Wrap");
        wrapped = Class.forName("jdk.jshell.GeneralWrap").getDeclaredMethod("wrapped");
        wrapped.setAccessible(true);
        Object classTracker = accessible(JShell.class.getDeclaredField("classTracker")).get(shell);
        loadedClasses = (Map<String, ?>) accessible(classTracker.getClass().getDeclaredField("map")).get(classTracker);
        Class<?> classInfo = Class.forName("jdk.jshell.ClassTracker$ClassInfo");
        currentBytes = accessible(classInfo.getDeclaredField("currentBytes"));
        loadedBytes = accessible(classInfo.getDeclaredField("loadedBytes"));
        taskFactory = accessible(JShell.class.getDeclaredField("taskFactory")).get(shell);
        freshCompilerContexts = taskFactory.getClass().getDeclaredMethod("initTaskPool");
        freshCompilerContexts.setAccessible(true);
        Object fileManager = accessible(taskFactory.getClass().getDeclaredField("fileManager")).get(taskFactory);
        compiledClasses = (NavigableMap<String, ?>) accessible(fileManager.getClass().getDeclaredField("classObjects")).get(fileManager);
    }

    /** A trimmer for this JShell, or null if its internals are closed to the kernel or unlike JDK 17's to 25's. */
    static SnippetTrimmer of(JShell shell) {
        try {
            return new SnippetTrimmer(shell);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "JShell's snippets cannot be trimmed (" + e + "), so a long session"
                    + " keeps more memory and compiles slower; the JVM needs --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED");
            return null;
        }
    }

    private static Field accessible(Field field) {
        field.setAccessible(true);
        return field;
    }

    /**
     * Called on the cell thread after JShell's eval returned, for each snippet it compiled; never
     * while JShell compiles.
     */
    void trim(Snippet snippet) {
        try {
            Object outerWrapper = outer.get(snippet);
            if (outerWrapper == null) {
                return;
            }
            boolean unreachable = unreachable(snippet);
            if (unreachable) {
                forgetClasses(shell.sourceCodeAnalysis().wrapper(snippet).fullClassName());
            }
            Object top = outerWrap.get(outerWrapper);
            if (compoundWrap.isInstance(top)) {
                joined.set(top, trimmed(top, unreachable));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not trim snippet " + snippet.id(), e);
        }
    }

    /** Statements and expressions declare nothing; a dropped declaration is gone. */
    private boolean unreachable(Snippet snippet) {
        return !snippet.kind().isPersistent() || shell.status(snippet) == Snippet.Status.DROPPED;
    }

    /** Called on the cell thread between cells: the next compile starts from a fresh compiler context. */
    void freshCompiler() {
        try {
            freshCompilerContexts.invoke(taskFactory);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not renew JShell's compiler context", e);
        }
    }

    /** Whether JShell's record of loaded classes still holds a class's bytes. */
    boolean recordHoldsBytes(String binaryName) throws ReflectiveOperationException {
        Object info = loadedClasses.get(binaryName);
        return info != null && loadedBytes.get(info) instanceof byte[] bytes && bytes.length > 0;
    }

    /** Whether JShell's compiler still lists a class among those it compiled. */
    boolean compilerLists(String binaryName) {
        return compiledClasses.containsKey(binaryName);
    }

    /**
     * The wrapper class and the classes nested in it ({@code REPL.$JShell$12$1}), not those of
     * {@code $JShell$123}. JShell's record of what it loaded keeps their names, not their bytes: a
     * later {@code int $12 = 7;} gets the class name of the dropped {@code $12}, and that record, loaded
     * and with other bytes, makes JShell compile it under a new name instead of taking the loaded class.
     */
    private void forgetClasses(String wrapperClass) throws ReflectiveOperationException {
        List<String> names = new ArrayList<>(compiledClasses.subMap(wrapperClass + "$", wrapperClass + "%").keySet());
        names.add(wrapperClass);
        for (String name : names) {
            compiledClasses.remove(name);
            Object info = loadedClasses.get(name);
            if (info != null && loadedBytes.get(info) != null) {
                currentBytes.set(info, NO_BYTES);
                loadedBytes.set(info, NO_BYTES);
            }
        }
    }

    /**
     * Shrinks the generated text of a compound wrap to its line breaks and returns its new joined text.
     * With {@code inner}, the compound wraps inside it (the snippet's own guts, which JShell compiles
     * again when a declaration is a dependent, so only for snippets that are never compiled again)
     * shrink too, each joined text then standing for as many lines as before.
     */
    private String trimmed(Object compound, boolean inner) throws ReflectiveOperationException {
        Object[] parts = (Object[]) pieces.get(compound);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] instanceof String text) {
                parts[i] = lineBreaksOf(text);
                all.append(parts[i]);
            } else if (inner && compoundWrap.isInstance(parts[i])) {
                String lines = lineBreaksOf((String) wrapped.invoke(parts[i]));
                trimmed(parts[i], true);
                joined.set(parts[i], lines);
                all.append(lines);
            } else if (wrap.isInstance(parts[i])) {
                all.append((String) wrapped.invoke(parts[i]));
            }
        }
        return all.toString();
    }

    /**
     * A short text that JShell counts as many lines in as {@code text}. Its count skips every line
     * break of a text that starts with one (it stops at a break found at index 0). Texts of up to
     * {@link #SHARED_LINE_BREAKS} lines are shared, since every snippet keeps several.
     */
    static String lineBreaksOf(String text) {
        int breaks = 0;
        if (!text.startsWith("\n")) {
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                breaks++;
            }
        }
        return breaks < SHARED_LINE_BREAKS.length ? SHARED_LINE_BREAKS[breaks] : " " + "\n".repeat(breaks);
    }
}
