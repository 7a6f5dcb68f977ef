package io.jspark.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookOutputsTest {
    private final ArrayNode cells = Json.array();
    private final NotebookOutputs outputs = new NotebookOutputs(cells);

    NotebookOutputsTest() {
        cells.add(Json.object().put("cell_type", "code").put("source", "a"));
        cells.add(Json.object().put("cell_type", "code").put("source", "b"));
    }

    @Test
    void updatesReachTheDisplayInAnEarlierCell() {
        outputs.begin(0);
        outputs.accept(message("display_data", display("first", "d1")));
        outputs.accept(message("stream", Json.object().put("name", "stdout").put("text", "x\n")));
        outputs.end(1);
        outputs.begin(1);
        outputs.accept(message("update_display_data", display("second", "d1")));
        outputs.end(2);
        ObjectNode shown = (ObjectNode) cells.get(0).path("outputs").get(0);
        assertEquals("second", shown.path("data").path("text/plain").asText());
        assertEquals("display_data", shown.path("output_type").asText());
        assertEquals(0, cells.get(1).path("outputs").size());
        assertEquals(1, cells.get(0).path("execution_count").asInt());
    }

    @Test
    void clearOutputWithWaitClearsBeforeTheNextOutput() {
        outputs.begin(0);
        outputs.accept(message("stream", Json.object().put("name", "stdout").put("text", "old\n")));
        outputs.accept(message("clear_output", Json.object().put("wait", true)));
        assertEquals(1, cells.get(0).path("outputs").size());
        outputs.accept(message("stream", Json.object().put("name", "stdout").put("text", "new\n")));
        assertEquals("new\n", cells.get(0).path("outputs").get(0).path("text").asText());
        outputs.accept(message("clear_output", Json.object().put("wait", false)));
        assertEquals(0, cells.get(0).path("outputs").size());
    }

    @Test
    void timingAsNbclientRecordsIt() {
        outputs.begin(0);
        Message busy = message("status", Json.object().put("execution_state", "busy"));
        outputs.accept(busy);
        outputs.accept(message("execute_input", Json.object().put("code", "a").put("execution_count", 1)));
        outputs.accept(message("execute_result", display("r", null).put("execution_count", 1)));
        outputs.reply(message("execute_reply", Json.object()));
        outputs.accept(message("status", Json.object().put("execution_state", "idle")));
        ObjectNode execution = (ObjectNode) cells.get(0).path("metadata").path("execution");
        List<String> keys = new java.util.ArrayList<>();
        execution.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("iopub.status.busy", "iopub.execute_input", "shell.execute_reply", "iopub.status.idle"), keys);
        assertEquals(busy.header().path("date").asText(), execution.path("iopub.status.busy").asText());
        ObjectNode result = (ObjectNode) cells.get(0).path("outputs").get(0);
        assertEquals(1, result.path("execution_count").asInt());
        assertEquals(1, cells.get(0).path("execution_count").asInt());
    }

    private static ObjectNode display(String text, String id) {
        ObjectNode content = Json.object();
        content.putObject("data").put("text/plain", text);
        content.putObject("metadata");
        if (id != null) {
            content.putObject("transient").put("display_id", id);
        }
        return content;
    }

    private static Message message(String type, ObjectNode content) {
        return new Message(List.of(), Message.newHeader("s", type), Json.object(), Json.object(), content, List.of());
    }
}
