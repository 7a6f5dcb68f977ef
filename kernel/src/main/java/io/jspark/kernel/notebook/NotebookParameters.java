package io.jspark.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Papermill's parameters: the values given with {@code -p name value} go into a cell tagged
 * {@code injected-parameters} right after the cell tagged {@code parameters} (at the top when there
 * is none; replacing an injected cell of an earlier run), so that they override its assignments.
 * A value becomes a literal of the type the parameters cell declares for its name (a String stays
 * quoted, an int stays a number); a name it does not declare gets papermill's guess: an integer,
 * a decimal number, {@code true}/{@code false}, or else a string.
 */
final class NotebookParameters {
    static final String PARAMETERS_TAG = "parameters";
    static final String INJECTED_TAG = "injected-parameters";
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?");

    private NotebookParameters() {
    }

    /** Inserts the cell of {@code values} into the notebook; nothing when there are none. */
    static void inject(ObjectNode nb, Map<String, String> values, boolean scala) {
        if (values.isEmpty()) {
            return;
        }
        ArrayNode cells = (ArrayNode) nb.path("cells");
        for (int i = cells.size() - 1; i >= 0; i--) {
            if (hasTag(cells.get(i), INJECTED_TAG)) {
                cells.remove(i);
            }
        }
        int parametersCell = -1;
        for (int i = 0; i < cells.size() && parametersCell < 0; i++) {
            if (hasTag(cells.get(i), PARAMETERS_TAG)) {
                parametersCell = i;
            }
        }
        String declarations = parametersCell < 0 ? "" : cells.get(parametersCell).path("source").asText("");
        StringBuilder source = new StringBuilder("// Parameters\n");
        for (Map.Entry<String, String> e : values.entrySet()) {
            source.append(scala ? scalaLine(e.getKey(), e.getValue(), declarations) : javaLine(e.getKey(), e.getValue(), declarations))
                    .append('\n');
        }
        ObjectNode cell = Json.object().put("cell_type", "code").putNull("execution_count");
        if (nb.path("nbformat_minor").asInt() >= 5) {
            cell.put("id", UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        }
        cell.putObject("metadata").putArray("tags").add(INJECTED_TAG);
        cell.putArray("outputs");
        cell.put("source", source.toString());
        cells.insert(parametersCell + 1, cell);
    }

    static boolean hasTag(JsonNode cell, String tag) {
        for (JsonNode t : cell.path("metadata").path("tags")) {
            if (t.asText().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    /** {@code int rows = 500;} with the declared type, else {@code var rows = 500;}. */
    static String javaLine(String name, String value, String declarations) {
        Matcher declared = Pattern.compile("(?m)^\\s*(?:final\\s+)?([A-Za-z_$][\\w$.<>\\[\\], ?]*?)\\s+" + Pattern.quote(name) + "\\s*=")
                .matcher(declarations);
        String type = declared.find() ? declared.group(1).trim() : null;
        String literal = type == null ? guessed(value, false) : javaLiteral(type, value);
        return (type == null || type.equals("var") ? "var" : type) + " " + name + " = " + literal + ";";
    }

    private static String javaLiteral(String type, String value) {
        return switch (type) {
            case "String", "java.lang.String", "CharSequence" -> quoted(value);
            case "char", "Character" -> "'" + PythonJson.escaped(value).replace("'", "\\'") + "'";
            case "long", "Long" -> value + (INTEGER.matcher(value).matches() ? "L" : "");
            case "float", "Float" -> value + (DECIMAL.matcher(value).matches() ? "f" : "");
            case "int", "Integer", "short", "Short", "byte", "Byte", "double", "Double", "boolean", "Boolean" -> value;
            default -> guessed(value, false);
        };
    }

    /** {@code val rows: Int = 500} with the declared type, else {@code val rows = 500}. */
    static String scalaLine(String name, String value, String declarations) {
        Matcher declared = Pattern.compile("(?m)^\\s*(?:val|var)\\s+" + Pattern.quote(name) + "\\s*(?::\\s*([^=]+?))?\\s*=")
                .matcher(declarations);
        String type = declared.find() && declared.group(1) != null ? declared.group(1).trim() : null;
        String literal = type == null ? guessed(value, true) : switch (type) {
            case "String" -> quoted(value);
            case "Long" -> value + (INTEGER.matcher(value).matches() ? "L" : "");
            case "Float" -> value + (DECIMAL.matcher(value).matches() ? "f" : "");
            case "Int", "Short", "Byte", "Double", "Boolean" -> value;
            default -> guessed(value, true);
        };
        return "val " + name + (type == null ? "" : ": " + type) + " = " + literal;
    }

    private static String guessed(String value, boolean scala) {
        if (INTEGER.matcher(value).matches()) {
            try {
                Integer.parseInt(value);
                return value;
            } catch (NumberFormatException e) {
                return value + "L";
            }
        }
        if (DECIMAL.matcher(value).matches()) {
            return value;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return value.toLowerCase(java.util.Locale.ROOT);
        }
        return quoted(value);
    }

    private static String quoted(String value) {
        return "\"" + PythonJson.escaped(value) + "\"";
    }
}
