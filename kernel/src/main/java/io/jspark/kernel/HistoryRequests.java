package io.jspark.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.history.History;
import io.jspark.kernel.history.HistoryEntry;
import io.jspark.kernel.protocol.Json;
import java.util.List;

/** history_request, answered on the shell thread, also while a cell runs. */
final class HistoryRequests {
    private final History history;

    HistoryRequests(History history) {
        this.history = history;
    }

    ObjectNode history(ObjectNode content) {
        boolean output = content.path("output").asBoolean(false);
        String access = content.path("hist_access_type").asText("tail");
        int n = content.path("n").asInt(0);
        List<HistoryEntry> entries = switch (access) {
            case "range" -> history.range(content.path("session").asInt(0), content.path("start").asInt(0),
                    content.path("stop").asInt(0));
            case "search" -> history.search(content.path("pattern").asText("*"), n, content.path("unique").asBoolean(false));
            default -> history.tail(n > 0 ? n : 10);
        };
        ObjectNode reply = Json.object().put("status", "ok");
        ArrayNode list = reply.putArray("history");
        for (HistoryEntry e : entries) {
            ArrayNode row = list.addArray().add(e.session()).add(e.line());
            if (output) {
                row.addArray().add(e.input()).add(e.output());
            } else {
                row.add(e.input());
            }
        }
        return reply;
    }

}
