package io.jspark.kernel.jshell;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/** Cuts a cell's Java source into the snippets JShell evaluates one by one, keeping where each began. */
final class CellSplitter {
    private CellSplitter() {
    }

    static List<CellSnippet> split(SourceCodeAnalysis analysis, String code) {
        List<CellSnippet> snippets = new ArrayList<>();
        int pos = 0;
        while (pos < code.length()) {
            String rest = code.substring(pos);
            if (rest.isBlank()) {
                break;
            }
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (!completeness.isComplete() || info.source() == null) {
                int start = firstCodeChar(rest);
                snippets.add(new CellSnippet(rest.substring(start), pos + start, false));
                break;
            }
            int consumed = rest.length() - info.remaining().length();
            if (consumed <= 0) {
                int start = firstCodeChar(rest);
                snippets.add(new CellSnippet(rest.substring(start), pos + start, true));
                break;
            }
            snippets.add(new CellSnippet(info.source(), pos + locate(rest, info.source(), consumed), true));
            pos += consumed;
        }
        return snippets;
    }

    /**
     * Where {@code source} starts in {@code rest}: JShell may drop leading comments from a snippet's
     * source or keep leading white space, and positions in its diagnostics count from the source's
     * own first char.
     */
    private static int locate(String rest, String source, int consumed) {
        String head = source.strip();
        head = head.substring(0, Math.min(head.length(), 24));
        int at = rest.indexOf(head);
        if (at < 0 || at >= consumed) {
            return firstCodeChar(rest);
        }
        return at - Math.max(0, source.indexOf(head));
    }

    private static int firstCodeChar(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
