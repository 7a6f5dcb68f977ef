package io.jspark.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
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
        } else if (node.isFloatingPointNumber()) {
            out.append(pythonFloat(node.doubleValue()));
        } else {
            out.append(node.toString());
        }
    }

    /** As Python's repr of a float: the shortest digits, in exponent form below 1e-4 and from 1e16. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
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
