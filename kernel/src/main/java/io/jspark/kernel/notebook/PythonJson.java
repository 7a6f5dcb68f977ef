package io.jspark.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** JSON text as Python's {@code json.dumps(indent=1, sort_keys=True, ensure_ascii=False)} writes it, which nbformat uses. */
final class PythonJson {
    private PythonJson() {
    }

    static void write(JsonNode node, StringBuilder out, int depth) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            if (keys.isEmpty()) {
                out.append("{}");
                return;
            }
            keys.sort(null);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                out.append(i == 0 ? "\n" : ",\n").append(" ".repeat(depth + 1));
                string(keys.get(i), out);
                out.append(": ");
                write(node.get(keys.get(i)), out, depth + 1);
            }
            out.append('\n').append(" ".repeat(depth)).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            Iterator<JsonNode> items = node.elements();
            boolean first = true;
            while (items.hasNext()) {
                out.append(first ? "\n" : ",\n").append(" ".repeat(depth + 1));
                write(items.next(), out, depth + 1);
                first = false;
            }
            out.append('\n').append(" ".repeat(depth)).append(']');
        } else if (node.isTextual()) {
            string(node.asText(), out);
        } else {
            out.append(node.toString());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"').append(escaped(s)).append('"');
    }

    /** JSON's escapes, as Python writes them; Java and Scala string literals read them the same. */
    static String escaped(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
