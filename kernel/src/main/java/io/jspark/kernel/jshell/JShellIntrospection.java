package io.jspark.kernel.jshell;

import io.jspark.display.MimeBundle;
import io.jspark.kernel.interpreter.Completeness;
import io.jspark.kernel.interpreter.Completion;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Completion, inspection and completeness of Java code from JShell's source analysis. Called by
 * {@link JShellInterpreter} under its lock, so never at once with an eval.
 */
final class JShellIntrospection {
    private final SourceCodeAnalysis analysis;

    JShellIntrospection(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * Completes at the cursor. JShell knows only what ran before, so when the snippet alone gives
     * nothing, the cell's earlier lines are tried as the start of a block, which brings variables
     * the cell declares but has not run yet into scope; so are {@code unbound}'s names (spark and
     * sc before the session starts), declared at the block's start when the code mentions them.
     */
    Completion complete(String code, int cursor, Map<String, Class<?>> unbound) {
        int start = currentSnippetStart(code, cursor);
        Completion alone = suggest(code.substring(start), cursor - start, start);
        StringBuilder prelude = new StringBuilder("{");
        unbound.forEach((name, type) -> {
            if (Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(code).find()) {
                prelude.append(type.getCanonicalName()).append(' ').append(name).append(" = null; ");
            }
        });
        if (!alone.matches().isEmpty() || (start == 0 && prelude.length() == 1)) {
            return new Completion(alone.matches(), alone.start(), cursor);
        }
        Completion inBlock = suggest(prelude + code, cursor + prelude.length(), -prelude.length());
        return inBlock.matches().isEmpty() ? new Completion(List.of(), cursor, cursor)
                : new Completion(inBlock.matches(), inBlock.start(), cursor);
    }

    /** Suggestions for {@code input} at {@code cursor}; {@code shift} maps its positions back to the cell. */
    private Completion suggest(String input, int cursor, int shift) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(input, cursor, anchor);
        Set<String> matches = new LinkedHashSet<>();
        boolean typed = suggestions.stream().anyMatch(SourceCodeAnalysis.Suggestion::matchesType);
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            if (!typed || s.matchesType()) {
                matches.add(s.continuation());
            }
        }
        return new Completion(List.copyOf(matches), anchor[0] + shift, cursor + shift);
    }

    Optional<MimeBundle> inspect(String code, int cursor) {
        String text = documentationText(documentation(code, cursor));
        return text.isEmpty() ? Optional.empty() : Optional.of(MimeBundle.text(text));
    }

    /** Signature and javadoc of what stands at the cursor, or an empty list. */
    private List<SourceCodeAnalysis.Documentation> documentation(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        int start = currentSnippetStart(code, end);
        String snippet = code.substring(start, end);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
        if (docs.isEmpty()) {
            docs = analysis.documentation(snippet + "(", snippet.length() + 1, true);
        }
        return docs;
    }

    private static String documentationText(List<SourceCodeAnalysis.Documentation> docs) {
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(doc.signature());
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                sb.append("\n\n").append(doc.javadoc().strip());
            }
        }
        return sb.toString();
    }

    /** Java statements end where JShell says; an open block asks for one indent per open bracket. */
    Completeness completeness(String code) {
        return switch (jshellCompleteness(code)) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> new Completeness.Complete();
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE ->
                    new Completeness.Incomplete("    ".repeat(Math.max(1, Brackets.openDepth(code))));
            case UNKNOWN -> new Completeness.Invalid();
        };
    }

    private SourceCodeAnalysis.Completeness jshellCompleteness(String code) {
        String rest = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isBlank()) {
                return info.completeness();
            }
            rest = info.remaining();
        }
    }

    /** The start of the snippet the cursor is in: complete snippets before it do not matter to completion. */
    private int currentSnippetStart(String code, int cursor) {
        String prefix = code.substring(0, cursor);
        int start = 0;
        while (start < prefix.length()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(prefix.substring(start));
            int consumed = prefix.length() - start - info.remaining().length();
            if (!info.completeness().isComplete() || info.remaining().isEmpty() || consumed <= 0) {
                break;
            }
            start += consumed;
        }
        while (start < cursor && Character.isWhitespace(code.charAt(start))) {
            start++;
        }
        return start;
    }
}
