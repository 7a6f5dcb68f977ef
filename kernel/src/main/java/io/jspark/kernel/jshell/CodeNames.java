package io.jspark.kernel.jshell;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;

/**
 * Names JShell's generated code as the user wrote it. JShell compiles each snippet into a wrapper
 * class ({@code REPL.$JShell$12}; redefinitions {@code $JShell$9B}, overloads {@code $JShell$12B_13})
 * whose source has the session's imports and JShell's scaffolding around the snippet, so the call
 * sites and stack frames Spark prints ({@code collect at $JShell$12.java:41}) name neither the cell
 * nor its line. This rewrites them to {@code collect at cell [5], line 3}; a method defined in one
 * cell and called from another names the cell that defined it. The cell thread records wrappers as
 * cells run; Spark's listener bus thread rewrites texts, so the maps are concurrent and their entries
 * immutable.
 */
public final class CodeNames implements UnaryOperator<String> {
    private static final String WRAPPER = "\\$JShell\\$\\d+[A-Z]*(?:_\\d+[A-Z]*)*";
    /** A stack frame: {@code REPL.$JShell$12$Point.area($JShell$12.java:41)} (also lambdas). */
    private static final Pattern FRAME = Pattern.compile(
            "(?:REPL\\.)?(" + WRAPPER + ")((?:\\$[\\w$]*)?)\\.([\\w$<>]+)\\((" + WRAPPER + ")\\.java:(\\d+)\\)");
    /** A file position as in Spark's call sites: {@code $JShell$12.java:41}. */
    private static final Pattern POSITION = Pattern.compile("(" + WRAPPER + ")\\.java:(\\d+)");
    /** A class name left over: a user's class nested in a wrapper, or a wrapper itself. */
    private static final Pattern CLASS = Pattern.compile("(?:REPL\\.)?(" + WRAPPER + ")((?:\\$[\\w$]*)?)");
    private static final String REPL_CLASS = "/REPL.$JShell$";
    /** What a wrapper this session did not record is called (one of an earlier kernel, say). */
    private static final String UNKNOWN = "notebook code";

    /** By wrapper class name, such as {@code $JShell$12}. */
    private final Map<String, WrapperLines> wrappers = new ConcurrentHashMap<>();
    /** By snippet id: where the snippet stands, for the wrappers JShell makes when it recompiles it. */
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();

    private record Origin(String cellLabel, int startLine) {
    }

    /** The cell line of each wrapper line from {@code firstLine} on; 0 where a line holds no code of the snippet. */
    private record WrapperLines(String cellLabel, int firstLine, int[] cellLines) {
        String at(int wrapperLine) {
            int i = wrapperLine - firstLine;
            int line = i >= 0 && i < cellLines.length ? cellLines[i] : 0;
            return line > 0 ? cellLabel + ", line " + line : cellLabel;
        }
    }

    /**
     * Records the wrapper JShell made for a snippet that starts at line {@code startLine} of the cell
     * {@code cellLabel}. Called on the cell thread.
     */
    void record(String snippetId, SnippetWrapper wrapper, String cellLabel, int startLine) {
        Origin origin = new Origin(cellLabel, startLine);
        origins.put(snippetId, origin);
        record(wrapper, origin);
    }

    /** Records the new wrapper of a snippet JShell recompiled because one it depends on changed. */
    void recompiled(String snippetId, SnippetWrapper wrapper) {
        Origin origin = origins.get(snippetId);
        if (origin != null) {
            record(wrapper, origin);
        }
    }

    private void record(SnippetWrapper wrapper, Origin origin) {
        String className = wrapper.fullClassName();
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        // A snippet that ran was recorded just before it did; JShell names every new compilation anew.
        if (wrappers.containsKey(simpleName)) {
            return;
        }
        String source = wrapper.source();
        String wrapped = wrapper.wrapped();
        int[] sourceLineStarts = lineStarts(source);
        int firstLine = 0;
        int[] lines = new int[8];
        int count = 0;
        int line = 1;
        for (int start = 0; start <= wrapped.length(); line++) {
            int end = wrapped.indexOf('\n', start);
            int stop = end < 0 ? wrapped.length() : end;
            int code = start;
            while (code < stop && Character.isWhitespace(wrapped.charAt(code))) {
                code++;
            }
            int at = code < stop ? sourcePosition(wrapper, code) : -1;
            // JShell maps its scaffolding to the snippet's edges: a line counts only where it holds the snippet's text.
            if (at >= 0 && at < source.length() && holdsSource(wrapped, code, stop, source, at)) {
                if (count == 0) {
                    firstLine = line;
                }
                int slot = line - firstLine;
                if (slot >= lines.length) {
                    lines = Arrays.copyOf(lines, Math.max(slot + 1, lines.length * 2));
                }
                lines[slot] = origin.startLine() + lineIndex(sourceLineStarts, at);
                count = slot + 1;
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        wrappers.put(simpleName, new WrapperLines(origin.cellLabel(), firstLine, Arrays.copyOf(lines, count)));
    }

    /** Whether the wrapper's line from {@code code} to {@code stop} starts with the source's text at {@code at} (up to its line end). */
    private static boolean holdsSource(String wrapped, int code, int stop, String source, int at) {
        int sourceStop = source.indexOf('\n', at);
        int length = Math.min(16, Math.min(stop - code, (sourceStop < 0 ? source.length() : sourceStop) - at));
        return length > 0 && wrapped.regionMatches(code, source, at, length);
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[8];
        int n = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
            }
            starts[n++] = i + 1;
        }
        return Arrays.copyOf(starts, n);
    }

    /** 0 for the first line. */
    private static int lineIndex(int[] lineStarts, int position) {
        int i = Arrays.binarySearch(lineStarts, position);
        return i >= 0 ? i : -i - 2;
    }

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
        String framesNamed = replace(FRAME.matcher(withoutLoaderNames(text)), m -> {
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

    /** Frames print the class loader first ({@code notebook//REPL.$JShell$12.f(...)}); users need not read it. */
    private static String withoutLoaderNames(String text) {
        StringBuilder sb = null;
        int copied = 0;
        for (int i = text.indexOf(REPL_CLASS); i >= 0; i = text.indexOf(REPL_CLASS, i + 1)) {
            int start = skipBack(text, skipBack(text, i) - 1);
            if (start < 0 || text.charAt(skipBack(text, i) - 1) != '/') {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, copied, start);
            copied = i + 1;
        }
        return sb == null ? text : sb.append(text, copied, text.length()).toString();
    }

    /** The start of the run of name characters ending just before {@code end}; -1 when {@code end} is not inside the text. */
    private static int skipBack(String text, int end) {
        if (end <= 0) {
            return -1;
        }
        int i = end;
        while (i > 0 && isNameChar(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '@' || c == '$';
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

    private static String replace(Matcher m, Function<Matcher, String> replacement) {
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
