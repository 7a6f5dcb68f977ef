package io.jspark.kernel.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;

/**
 * Names JShell's generated code as the user wrote it. JShell compiles each snippet into a wrapper
 * class ({@code REPL.$JShell$12}, redefinitions {@code $JShell$9B}) whose source has the session's
 * imports and JShell's scaffolding around the snippet, so the call sites and stack frames Spark prints
 * ({@code collect at $JShell$12.java:41}) name neither the cell nor its line. This rewrites them to
 * {@code collect at cell [5], line 3}; a method defined in one cell and called from another names
 * the cell that defined it. The execution thread records wrappers as cells run; Spark's listener bus
 * thread rewrites texts, so the map is concurrent and its entries immutable.
 */
public final class CodeNames implements UnaryOperator<String> {
    private static final String WRAPPER = "\\$JShell\\$\\d+[A-Z]*";
    /** A stack frame: {@code notebook//REPL.$JShell$12$Point.area($JShell$12.java:41)} (also lambdas), loader name optional. */
    private static final Pattern FRAME = Pattern.compile(
            "(?:[\\w.-]*/[\\w.@-]*/)?(?:REPL\\.)?(" + WRAPPER + ")((?:\\$[\\w$]*)?)\\.([\\w$<>]+)\\((" + WRAPPER + ")\\.java:(\\d+)\\)");
    /** A file position as in Spark's call sites: {@code $JShell$12.java:41}. */
    private static final Pattern POSITION = Pattern.compile("(" + WRAPPER + ")\\.java:(\\d+)");
    /** A class name left over: a user's class nested in a wrapper, or a wrapper itself. */
    private static final Pattern CLASS = Pattern.compile("(?:REPL\\.)?(" + WRAPPER + ")((?:\\$[\\w$]*)?)");

    /** What a wrapper this session did not record is called (one of an earlier kernel, say). */
    private static final String UNKNOWN = "notebook code";

    private final Map<String, WrapperLines> wrappers = new ConcurrentHashMap<>();

    /** Where each line of one wrapper's source stands in its cell; lines outside the snippet map to 0. */
    private record WrapperLines(String cellLabel, int firstLine, int[] cellLines) {
        String at(int wrapperLine) {
            int i = wrapperLine - firstLine;
            int line = i >= 0 && i < cellLines.length ? cellLines[i] : 0;
            return line > 0 ? cellLabel + ", line " + line : cellLabel;
        }
    }

    /**
     * Records the wrapper JShell made for a snippet of a cell; {@code snippetOffset} is where the
     * snippet's source starts in {@code cellCode}. Called on the execution thread.
     */
    void record(SnippetWrapper wrapper, String cellLabel, String cellCode, int snippetOffset) {
        String className = wrapper.fullClassName();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String wrapped = wrapper.wrapped();
        int sourceLength = wrapper.source().length();
        int firstLine = 0;
        int[] lines = new int[0];
        int line = 1;
        int count = 0;
        for (int start = 0; start <= wrapped.length(); line++) {
            int end = wrapped.indexOf('\n', start);
            int stop = end < 0 ? wrapped.length() : end;
            int code = start;
            while (code < stop && Character.isWhitespace(wrapped.charAt(code))) {
                code++;
            }
            int source = code < stop ? sourcePosition(wrapper, code) : -1;
            if (source >= 0 && source < sourceLength) {
                if (count == 0) {
                    firstLine = line;
                }
                int slot = line - firstLine;
                if (slot >= lines.length) {
                    lines = java.util.Arrays.copyOf(lines, Math.max(slot + 1, lines.length * 2 + 4));
                }
                lines[slot] = LineIndex.lineOf(cellCode, snippetOffset + source);
                count = slot + 1;
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        wrappers.put(simple, new WrapperLines(cellLabel, firstLine, java.util.Arrays.copyOf(lines, count)));
    }

    /** JShell maps positions of its scaffolding to the edges of the snippet, or refuses them. */
    private static int sourcePosition(SnippetWrapper wrapper, int wrappedPosition) {
        try {
            return wrapper.wrappedToSourcePosition(wrappedPosition);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Where a position in a wrapper's source stands in the notebook ({@code cell [5], line 3}), or null for a wrapper not seen. */
    String location(String wrapperClass, int wrapperLine) {
        WrapperLines lines = wrappers.get(wrapperClass);
        return lines == null ? null : lines.at(wrapperLine);
    }

    private String locationOrUnknown(String wrapperClass, int wrapperLine) {
        String location = location(wrapperClass, wrapperLine);
        return location == null ? UNKNOWN : location;
    }

    @Override
    public String apply(String text) {
        if (text == null || !text.contains("$JShell$")) {
            return text;
        }
        String framesNamed = replace(FRAME.matcher(text), m -> {
            String where = locationOrUnknown(m.group(4), Integer.parseInt(m.group(5)));
            String method = m.group(3);
            if (method.equals("do_it$") || method.startsWith("lambda$do_it$")) {
                return method.startsWith("lambda$") ? "lambda (" + where + ")" : where;
            }
            String owner = userClass(m.group(2));
            String name = method.startsWith("lambda$") ? "lambda" : method;
            return (owner.isEmpty() ? name : owner + "." + name) + " (" + where + ")";
        });
        String positionsNamed = replace(POSITION.matcher(framesNamed), m -> locationOrUnknown(m.group(1), Integer.parseInt(m.group(2))));
        return replace(CLASS.matcher(positionsNamed), m -> {
            String owner = userClass(m.group(2));
            return owner.isEmpty() ? cellOf(m.group(1)) : owner;
        });
    }

    private String cellOf(String wrapperClass) {
        WrapperLines lines = wrappers.get(wrapperClass);
        return lines == null ? UNKNOWN : lines.cellLabel();
    }

    /** "$Point" is the user's class Point; lambda and serialization suffixes ("$$Lambda$12") are not names. */
    private static String userClass(String nested) {
        if (nested.isEmpty() || nested.startsWith("$$")) {
            return "";
        }
        return nested.substring(1).replace('$', '.');
    }

    private static String replace(Matcher m, java.util.function.Function<Matcher, String> replacement) {
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
