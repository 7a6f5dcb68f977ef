package io.jspark.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.display.MimeBundle;
import io.jspark.kernel.interpreter.Completeness;
import io.jspark.kernel.interpreter.Completion;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.magic.CellParser;
import io.jspark.kernel.magic.CellPart;
import io.jspark.kernel.magic.Magics;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.session.CellRunner;
import io.jspark.kernel.session.CellThread;
import java.util.Optional;

/**
 * Complete, inspect and is_complete requests. Handled on the shell's request thread in turn with
 * cells, since their answers depend on what the cells before them declared.
 */
final class IntrospectionRequests {
    private final CellThread cells;
    private final Magics magics;

    IntrospectionRequests(CellThread cells, Magics magics) {
        this.cells = cells;
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
            CellRunner runner = cells.runner();
            // Before the session starts, spark and sc complete as the types they will have.
            Completion completion = runner.spark().isRunning() ? runner.interpreter().complete(code, cursor)
                    : runner.interpreter().complete(code, cursor, runner.language().sparkVariableTypes());
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
        Optional<MimeBundle> found = interpreter().inspect(code, cursor);
        ObjectNode reply = Json.object().put("status", "ok").put("found", found.isPresent());
        reply.set("data", Json.MAPPER.valueToTree(found.map(MimeBundle::data).orElse(java.util.Map.of())));
        reply.putObject("metadata");
        return reply;
    }

    ObjectNode isComplete(ObjectNode content) {
        String code = content.path("code").asText("");
        ObjectNode reply = Json.object();
        if (code.stripLeading().startsWith("%%")) {
            return reply.put("status", "complete");
        }
        StringBuilder parts = new StringBuilder();
        for (CellPart part : CellParser.parse(code)) {
            if (part instanceof CellPart.Code j) {
                parts.append(j.code());
            }
        }
        if (parts.toString().isBlank()) {
            return reply.put("status", "complete");
        }
        Completeness completeness = interpreter().completeness(parts.toString());
        if (completeness instanceof Completeness.Incomplete incomplete) {
            reply.put("status", "incomplete").put("indent", incomplete.indent());
        } else {
            reply.put("status", completeness instanceof Completeness.Complete ? "complete" : "invalid");
        }
        return reply;
    }

    private Interpreter interpreter() {
        return cells.runner().interpreter();
    }
}
