package io.jspark.kernel.jshell;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Has JShell import, into the source it compiles for a cell, only the earlier declarations whose
 * names the code can reach. JShell's wrapper of every snippet imports every declaration alive at the
 * time, and javac resolves each import by reading the class that holds it, about 18 µs apiece: by
 * 1,000 classes or 3,000 variables a trivial cell compiled two or three times slower than the first.
 * Reached are the names the cell's code mentions and, when the cell may declare something, what the
 * declarations JShell then compiles again mention (JShell's own dependents: those that mention a
 * name the cell declares, even as a local name, and theirs in turn); a cell that imports something
 * imports every declaration. JShell's own imports ({@code import java.util.*;}) are always kept. A
 * cell that does not compile so because a declared name was left out is compiled again with every
 * import before its error counts (nothing of it ran); other errors are not compiled twice.
 * <p>
 * JShell reads its declarations for imports through one list, which this replaces with a list whose
 * iteration leaves the others out while a cell is evaluated; completion and every other use see
 * all of them. Owned by the cell thread, as JShell's eval is.
 */
final class DeclarationImports {
    private static final System.Logger LOG = System.getLogger(DeclarationImports.class.getName());
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");

    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+([0-9A-Fa-f]{4})");
    private static final String NAME = "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*";
    private static final Pattern NOT_A_DECLARATION = Pattern.compile("\\s*(?:"
            + "(?:if|for|while|do|switch|try|return|throw|break|continue|yield|assert|synchronized|new|this|super)\\b"
            + "|[{(!~\"'0-9+-]"
            + "|" + NAME + "(?:\\s*\\.\\s*" + NAME + ")*\\s*(?:[(;=]|\\+\\+|--|[-+*/%&|^]|$))");
    /** The name in javac's "cannot find symbol" message: "symbol:   variable x", "symbol:   method g(int)". */
    private static final Pattern MISSING_SYMBOL = Pattern.compile("symbol:\\s+\\S+\\s+(" + NAME + ")");
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "true", "false", "null", "var");

    private final JShell shell;
    private final SnippetList snippets;
    /** The identifiers of each snippet's code. */
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
     * them when JShell rejects all of it (so none of it ran) for want of a declaration left out.
     */
    List<SnippetEvent> evaluate(String source, Supplier<List<SnippetEvent>> eval) {
        Set<String> reached = reachedFrom(source);
        snippets.importing = reached;
        List<SnippetEvent> events;
        try {
            events = eval.get();
        } finally {
            snippets.importing = null;
        }
        return reached != null && missedDeclaration(events, reached) ? eval.get() : events;
    }

    /** Whether JShell rejected every snippet of a cell, one for a name that is declared but was not imported. */
    private boolean missedDeclaration(List<SnippetEvent> events, Set<String> reached) {
        List<SnippetEvent> own = events.stream().filter(e -> e.causeSnippet() == null).toList();
        if (own.isEmpty() || !own.stream().allMatch(e -> e.status() == Snippet.Status.REJECTED)) {
            return false;
        }
        Set<String> known = knownNames();
        return own.stream().flatMap(e -> shell.diagnostics(e.snippet()))
                .filter(d -> d.getCode().startsWith("compiler.err.cant.resolve"))
                .map(d -> MISSING_SYMBOL.matcher(d.getMessage(Locale.ROOT)))
                .anyMatch(m -> m.find() && known.contains(m.group(1)) && !reached.contains(m.group(1)));
    }

    /** The names of the session's declarations, and those that incomplete declarations wait for. */
    private Set<String> knownNames() {
        Set<String> known = new HashSet<>();
        for (Snippet s : snippets.all()) {
            if (s instanceof DeclarationSnippet d && s.kind().isPersistent()) {
                known.add(d.name());
                Snippet.Status status = shell.status(d);
                if (status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    // Named as JShell shows them: "method later()", "class Point".
                    shell.unresolvedDependencies(d).forEach(missing -> known.addAll(identifiers(missing)));
                }
            }
        }
        return known;
    }

    /**
     * The declared names {@code source} mentions and, when it may declare something, those that the
     * declarations JShell will compile again because of it mention (JShell's own dependents, also of
     * those in turn); null, for every import, when it imports something, since an import makes JShell
     * compile again whatever mentions its names. Names that incomplete declarations wait for count as
     * declared.
     */
    Set<String> reachedFrom(String source) {
        Set<String> known = knownNames();
        Set<String> reached = new HashSet<>(identifiers(source));
        reached.retainAll(known);
        if (!mayDeclare(source)) {
            return reached;
        }
        List<Snippet> scratch;
        snippets.importing = reached;
        try {
            scratch = shell.sourceCodeAnalysis().sourceToSnippets(source);
        } finally {
            snippets.importing = null;
        }
        if (scratch.stream().anyMatch(s -> s.kind() == Snippet.Kind.IMPORT)) {
            return null;
        }
        Set<Snippet> recompiled = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Snippet> next = new java.util.ArrayDeque<>(scratch);
        while (!next.isEmpty()) {
            for (Snippet dependent : shell.sourceCodeAnalysis().dependents(next.pop())) {
                if (recompiled.add(dependent)) {
                    mentionsOf(dependent).stream().filter(known::contains).forEach(reached::add);
                    next.push(dependent);
                }
            }
        }
        return reached;
    }

    /**
     * False for code that surely declares and imports nothing: one that starts as a statement, a
     * literal, a call, an assignment or an operator does. Anything else is asked of JShell.
     */
    static boolean mayDeclare(String code) {
        return !NOT_A_DECLARATION.matcher(code).lookingAt();
    }

    /** The identifiers of a snippet's code, computed once. */
    private Set<String> mentionsOf(Snippet snippet) {
        return mentions.computeIfAbsent(snippet, s -> identifiers(s.source()));
    }

    /** Words of the code that could name a declaration (Java's keywords cannot), Unicode escapes read. */
    static Set<String> identifiers(String code) {
        Set<String> found = new HashSet<>();
        Matcher m = IDENTIFIER.matcher(code.contains("\\u") ? unescaped(code) : code);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group())) {
                found.add(m.group());
            }
        }
        return found;
    }

    private static String unescaped(String code) {
        return UNICODE_ESCAPE.matcher(code).replaceAll(m -> Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(m.group(1), 16))));
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
