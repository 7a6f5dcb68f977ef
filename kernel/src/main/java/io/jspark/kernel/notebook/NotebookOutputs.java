package io.jspark.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the iopub messages of each cell's request into the cell's outputs, as nbclient does:
 * outputs in arrival order (streams not merged), {@code clear_output} now or, with {@code wait},
 * before the next output, and {@code update_display_data} applied to every output of the notebook
 * that carries its display id; the cell's execution count and the timing metadata nbclient records.
 *
 * <p>Threads: {@link #accept} runs on the client's iopub thread while a cell runs, the other methods
 * on the runner's thread between cells; the monitor of this object orders them.
 */
final class NotebookOutputs {
    private final ArrayNode cells;
    /** display id → cell index → indices of outputs in that cell. */
    private final Map<String, Map<Integer, List<Integer>>> displays = new HashMap<>();
    private int cellIndex = -1;
    private ObjectNode cell;
    private boolean clearBeforeNextOutput;

    NotebookOutputs(ArrayNode cells) {
        this.cells = cells;
    }

    /** Starts collecting for the cell at {@code index}: clears its outputs and timing. */
    synchronized void begin(int index) {
        cellIndex = index;
        cell = (ObjectNode) cells.get(index);
        cell.set("outputs", Json.array());
        metadata(cell).set("execution", Json.object());
        clearBeforeNextOutput = false;
    }

    synchronized void accept(Message message) {
        if (cell == null) {
            return;
        }
        String type = message.msgType();
        ObjectNode content = message.content();
        String displayId = content.path("transient").path("display_id").asText(null);
        if (displayId != null && (type.equals("execute_result") || type.equals("display_data") || type.equals("update_display_data"))) {
            updateDisplay(displayId, content);
        }
        if (content.has("execution_count")) {
            cell.set("execution_count", content.get("execution_count"));
        }
        ObjectNode execution = (ObjectNode) metadata(cell).path("execution");
        String date = message.header().path("date").asText();
        switch (type) {
            case "status" -> {
                String state = content.path("execution_state").asText();
                if (state.equals("idle") || state.equals("busy")) {
                    execution.put("iopub.status." + state, date);
                }
            }
            case "execute_input" -> execution.put("iopub.execute_input", date);
            case "clear_output" -> clear(content.path("wait").asBoolean(false));
            case "stream", "display_data", "execute_result", "error" -> append(output(type, content), displayId);
            default -> { }
        }
    }

    /** Records the reply's time and execution count once the cell's request is answered. */
    synchronized void reply(Message reply) {
        if (cell != null) {
            ((ObjectNode) metadata(cell).path("execution")).put("shell.execute_reply", reply.header().path("date").asText());
        }
    }

    synchronized void end(int executionCount) {
        if (cell != null && executionCount > 0) {
            cell.put("execution_count", executionCount);
        }
        cell = null;
    }

    private void append(ObjectNode output, String displayId) {
        ArrayNode outputs = (ArrayNode) cell.path("outputs");
        if (clearBeforeNextOutput) {
            outputs.removeAll();
            forgetDisplays(cellIndex);
            clearBeforeNextOutput = false;
        }
        if (displayId != null) {
            displays.computeIfAbsent(displayId, id -> new HashMap<>()).computeIfAbsent(cellIndex, i -> new ArrayList<>())
                    .add(outputs.size());
        }
        outputs.add(output);
    }

    private void clear(boolean wait) {
        if (wait) {
            clearBeforeNextOutput = true;
        } else {
            ((ArrayNode) cell.path("outputs")).removeAll();
            forgetDisplays(cellIndex);
        }
    }

    private void forgetDisplays(int index) {
        for (Map<Integer, List<Integer>> byCell : displays.values()) {
            byCell.computeIfPresent(index, (i, outputs) -> new ArrayList<>());
        }
    }

    private void updateDisplay(String displayId, ObjectNode content) {
        Map<Integer, List<Integer>> byCell = displays.get(displayId);
        if (byCell == null) {
            return;
        }
        byCell.forEach((index, outputIndices) -> {
            JsonNode outputs = cells.get(index).path("outputs");
            for (int i : outputIndices) {
                ObjectNode output = (ObjectNode) outputs.get(i);
                output.set("data", content.path("data").deepCopy());
                output.set("metadata", content.path("metadata").deepCopy());
            }
        });
    }

    /** An output as nbformat's output_from_msg makes it. */
    private static ObjectNode output(String type, ObjectNode content) {
        ObjectNode output = Json.object().put("output_type", type);
        switch (type) {
            case "stream" -> output.put("name", content.path("name").asText()).put("text", content.path("text").asText());
            case "error" -> output.put("ename", content.path("ename").asText()).put("evalue", content.path("evalue").asText())
                    .set("traceback", content.path("traceback").deepCopy());
            default -> {
                output.set("data", content.path("data").deepCopy());
                output.set("metadata", content.path("metadata").isObject() ? content.get("metadata").deepCopy() : Json.object());
                if (type.equals("execute_result")) {
                    output.set("execution_count", content.path("execution_count").deepCopy());
                }
            }
        }
        return output;
    }

    static ObjectNode metadata(ObjectNode cell) {
        if (!cell.path("metadata").isObject()) {
            cell.set("metadata", Json.object());
        }
        return (ObjectNode) cell.get("metadata");
    }
}
