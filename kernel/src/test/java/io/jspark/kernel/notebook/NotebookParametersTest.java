package io.jspark.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotebookParametersTest {
    private static final String JAVA_CELL = "int rows = 10;\nfinal String name = \"a\";\nlong big = 1;\nList<String> tags = List.of();\nfloat f = 1f;";

    @Test
    void javaValuesTakeTheDeclaredType() {
        assertEquals("int rows = 500;", NotebookParameters.javaLine("rows", "500", JAVA_CELL));
        assertEquals("String name = \"say \\\"hi\\\"\\n\";", NotebookParameters.javaLine("name", "say \"hi\"\n", JAVA_CELL));
        assertEquals("String name = \"42\";", NotebookParameters.javaLine("name", "42", JAVA_CELL));
        assertEquals("long big = 5000000000L;", NotebookParameters.javaLine("big", "5000000000", JAVA_CELL));
        assertEquals("float f = 0.5f;", NotebookParameters.javaLine("f", "0.5", JAVA_CELL));
    }

    @Test
    void undeclaredJavaValuesAreGuessedAsPapermillDoes() {
        assertEquals("var n = 7;", NotebookParameters.javaLine("n", "7", JAVA_CELL));
        assertEquals("var n = 7000000000L;", NotebookParameters.javaLine("n", "7000000000", JAVA_CELL));
        assertEquals("var n = 0.25;", NotebookParameters.javaLine("n", "0.25", JAVA_CELL));
        assertEquals("var n = true;", NotebookParameters.javaLine("n", "True", JAVA_CELL));
        assertEquals("var n = \"x y\";", NotebookParameters.javaLine("n", "x y", JAVA_CELL));
    }

    @Test
    void scalaValuesKeepTheDeclaredType() {
        String cell = "val rows: Int = 10\nvar label = \"x\"\nval ratio: Double = 0.5";
        assertEquals("val rows: Int = 41", NotebookParameters.scalaLine("rows", "41", cell));
        assertEquals("val label = \"answer\"", NotebookParameters.scalaLine("label", "answer", cell));
        assertEquals("val ratio: Double = 1", NotebookParameters.scalaLine("ratio", "1", cell));
    }

    @Test
    void theInjectedCellFollowsTheParametersCellAndReplacesAnEarlierOne() {
        ObjectNode nb = Json.object().put("nbformat", 4).put("nbformat_minor", 5);
        ArrayNode cells = nb.putArray("cells");
        cells.add(cell("// intro", null));
        cells.add(cell("int rows = 10;", "parameters"));
        cells.add(cell("// Parameters\nint rows = 1;", NotebookParameters.INJECTED_TAG));
        cells.add(cell("rows", null));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("rows", "3");
        NotebookParameters.inject(nb, values, false);
        assertEquals(4, cells.size());
        assertEquals("// Parameters\nint rows = 3;\n", cells.get(2).path("source").asText());
        assertEquals(NotebookParameters.INJECTED_TAG, cells.get(2).path("metadata").path("tags").get(0).asText());
        assertEquals(8, cells.get(2).path("id").asText().length());
        assertEquals("rows", cells.get(3).path("source").asText());
    }

    private static ObjectNode cell(String source, String tag) {
        ObjectNode cell = Json.object().put("cell_type", "code").put("source", source);
        ObjectNode metadata = cell.putObject("metadata");
        if (tag != null) {
            metadata.putArray("tags").add(tag);
        }
        return cell;
    }
}
