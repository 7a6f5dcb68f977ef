package io.jspark.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.display.MimeBundle;
import io.jspark.kernel.eval.JavaEvaluator;
import io.jspark.kernel.magic.CellParser;
import io.jspark.kernel.magic.CellPart;
import io.jspark.kernel.magic.Magics;
import io.jspark.kernel.protocol.Json;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Complete, inspect and is_complete requests. Handled on the shell's request thread in turn with
 * cells, since their answers depend on what the cells before them declared.
 */
final class IntrospectionRequests {
    private final CompletableFuture<CellRunner> runner;
    private final Magics magics;

    IntrospectionRequests(CompletableFuture<CellRunner> runner, Magics magics) {
        this.runner = runner;
        this.magics = magics;
    }

    ObjectNode complete(ObjectNode content) {
        String code = content.path("code").asText("");
        int cursor = CodePoints.toCharIndex(code, content.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        ObjectNode reply = Json.object().put("status", "ok");
        ArrayNode matches = reply.putArray("matches");
        int start = cursor;
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String linePrefix = code.substring(lineStart, cursor);
        if (linePrefix.matches("%%?[A-Za-z]*")) {
            boolean cellMagic = linePrefix.startsWith("%%");
            String prefix = linePrefix.substring(cellMagic ? 2 : 1);
            for (String name : magics.names(cellMagic)) {
                if (name.startsWith(prefix)) {
                    matches.add(name);
                }
            }
            start = cursor - prefix.length();
        } else {
            JavaEvaluator.Completion completion = evaluator().complete(code, cursor);
            completion.matches().forEach(matches::add);
            start = completion.start();
        }
        reply.put("cursor_start", code.codePointCount(0, start));
        reply.put("cursor_end", code.codePointCount(0, cursor));
        reply.putObject("metadata");
        return reply;
    }

    ObjectNode inspect(ObjectNode content) {
        String code = content.path("code").asText("");
        int cursor = CodePoints.toCharIndex(code, content.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        String text = documentationText(evaluator().documentation(code, cursor));
        ObjectNode reply = Json.object().put("status", "ok").put("found", !text.isEmpty());
        ObjectNode data = reply.putObject("data");
        if (!text.isEmpty()) {
            data.put(MimeBundle.TEXT_PLAIN, text);
        }
        reply.putObject("metadata");
        return reply;
    }

    ObjectNode isComplete(ObjectNode content) {
        String code = content.path("code").asText("");
        ObjectNode reply = Json.object();
        if (code.stripLeading().startsWith("%%")) {
            return reply.put("status", "complete");
        }
        StringBuilder java = new StringBuilder();
        for (CellPart part : CellParser.parse(code)) {
            if (part instanceof CellPart.Java j) {
                java.append(j.code());
            }
        }
        if (java.toString().isBlank()) {
            return reply.put("status", "complete");
        }
        SourceCodeAnalysis.Completeness completeness = evaluator().completeness(java.toString());
        switch (completeness) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> reply.put("status", "complete");
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE ->
                    reply.put("status", "incomplete").put("indent", "    ".repeat(Math.max(1, Brackets.openDepth(code))));
            case UNKNOWN -> reply.put("status", "invalid");
        }
        return reply;
    }

    static String documentationText(List<SourceCodeAnalysis.Documentation> docs) {
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

    private JavaEvaluator evaluator() {
        return runner.join().evaluator();
    }
}
