package io.jspark.kernel.jshell;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Has JShell import, into the source it compiles for a cell, only the earlier declarations whose
 * names the code can reach. JShell's wrapper of every snippet imports every declaration alive at the
 * time, and javac resolves each import by reading the class that holds it, about 18 µs apiece: by
 * 1,000 classes or 3,000 variables a trivial cell compiled two or three times slower than the first.
 * Reached are the names the cell's code mentions, and what the earlier declarations that mention
 * those names mention in turn, since JShell compiles those again when the cell declares one of them
 * anew. JShell's own imports ({@code import java.util.*;}) are always kept. A snippet that fails to
 * compile so is compiled again with every import before its error counts (nothing ran), as JShell
 * writes some types the code never names into the source (a {@code var}'s inferred type).
 * <p>
 * JShell reads its declarations for imports through one list, which this replaces with a list whose
 * iteration leaves the others out while a cell is evaluated; completion and every other use see
 * all of them. Owned by the cell thread, as JShell's eval is.
 */
final class DeclarationImports {
    private static final System.Logger LOG = System.getLogger(DeclarationImports.class.getName());
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");

    private final JShell shell;
    private final SnippetList snippets;
    /** The identifiers of each declaration's code, computed once. */
    private final Map<Snippet, Set<String>> mentions = new WeakHashMap<>();

    private DeclarationImports(JShell shell, SnippetList snippets) {
        this.shell = shell;
        this.snippets = snippets;
    }

    /** Filters for this JShell, or null (and every import, as before) where its internals differ. */
    static DeclarationImports of(JShell shell) {
        try {
            Object maps = accessible(JShell.class.getDeclaredField("maps")).get(shell);
            Field list = accessible(maps.getClass().getDeclaredField("keyIndexToSnippet"));
            @SuppressWarnings("unchecked")
            SnippetList replacement = new SnippetList((List<Snippet>) list.get(maps));
            list.set(maps, replacement);
            return new DeclarationImports(shell, replacement);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "JShell imports every declaration into every cell (" + e + "), so cells"
                    + " compile slower as a session declares more");
            return null;
        }
    }

    private static Field accessible(Field field) {
        field.setAccessible(true);
        return field;
    }

    /**
     * Evaluates {@code source} with only the declarations it can reach imported; again with all of
     * them if JShell rejects it that way.
     */
    <T> T evaluate(String source, Supplier<T> eval, java.util.function.Predicate<T> rejected) {
        snippets.importing = reachedFrom(source);
        T result;
        try {
            result = eval.get();
        } finally {
            snippets.importing = null;
        }
        return rejected.test(result) ? eval.get() : result;
    }

    /**
     * The declared names {@code source} mentions, and those the declarations mentioning them mention.
     * Names that incomplete declarations wait for count as declared: the cell may declare one, and
     * JShell then compiles those declarations again.
     */
    Set<String> reachedFrom(String source) {
        List<DeclarationSnippet> declarations = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        for (Snippet s : snippets.all()) {
            if (s instanceof DeclarationSnippet d && s.kind().isPersistent()) {
                declarations.add(d);
                declared.add(d.name());
                Snippet.Status status = shell.status(d);
                if (status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    // Named as JShell shows them: "method later()", "class Point".
                    shell.unresolvedDependencies(d).forEach(missing -> declared.addAll(identifiers(missing)));
                }
            }
        }
        Set<String> reached = new HashSet<>(identifiers(source));
        reached.retainAll(declared);
        boolean grew = true;
        List<DeclarationSnippet> pending = new ArrayList<>(declarations);
        while (grew) {
            grew = false;
            for (Iterator<DeclarationSnippet> it = pending.iterator(); it.hasNext(); ) {
                DeclarationSnippet d = it.next();
                Set<String> its = mentions.computeIfAbsent(d, s -> identifiers(s.source()));
                if (its.stream().anyMatch(reached::contains)) {
                    it.remove();
                    for (String name : its) {
                        if (declared.contains(name) && reached.add(name)) {
                            grew = true;
                        }
                    }
                }
            }
        }
        return reached;
    }

    private static Set<String> identifiers(String code) {
        Set<String> found = new HashSet<>();
        Matcher m = IDENTIFIER.matcher(code);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /**
     * JShell's snippets by key index. Only the loop that writes a compile's imports iterates it;
     * lookups go by index.
     */
    private static final class SnippetList extends ArrayList<Snippet> {
        /** The declaration names to import while a cell is evaluated; null for all. */
        volatile Set<String> importing;

        SnippetList(List<Snippet> existing) {
            super(existing);
        }

        List<Snippet> all() {
            List<Snippet> all = new ArrayList<>(size());
            for (int i = 0; i < size(); i++) {
                Snippet s = get(i);
                if (s != null) {
                    all.add(s);
                }
            }
            return all;
        }

        @Override
        public Iterator<Snippet> iterator() {
            Set<String> names = importing;
            if (names == null) {
                return super.iterator();
            }
            return all().stream()
                    .filter(s -> !(s instanceof DeclarationSnippet d) || names.contains(d.name()))
                    .iterator();
        }
    }
}
