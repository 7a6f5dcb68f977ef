package io.jspark.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes nbformat 4 files as nbformat does: multi-line strings joined on reading, and on
 * writing split into lines (sources, stream text, text/* data), keys sorted, one-space indents, so
 * that a notebook this kernel ran diffs cleanly against one Jupyter ran.
 */
public final class NotebookFile {
    private NotebookFile() {
    }

    /** The notebook with every multi-line field as one string; fails on what is not nbformat 4. */
    public static ObjectNode read(Path file) throws IOException {
        JsonNode root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        if (root == null || !root.isObject() || root.path("nbformat").asInt() != 4 || !root.path("cells").isArray()) {
            throw new IOException(file + " is not an nbformat 4 notebook");
        }
        ObjectNode nb = (ObjectNode) root;
        for (JsonNode cell : nb.path("cells")) {
            ObjectNode c = (ObjectNode) cell;
            c.put("source", joined(c.path("source")));
            for (JsonNode output : c.path("outputs")) {
                ObjectNode o = (ObjectNode) output;
                if (o.has("text")) {
                    o.put("text", joined(o.path("text")));
                }
                if (o.path("data").isObject()) {
                    ObjectNode data = (ObjectNode) o.path("data");
                    data.fieldNames().forEachRemaining(key -> {
                        if (!isJsonMime(key) && data.path(key).isArray()) {
                            data.put(key, joined(data.path(key)));
                        }
                    });
                }
            }
        }
        return nb;
    }

    /** Writes beside the target first, so that a failed write never leaves half a notebook. */
    public static void write(ObjectNode nb, Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        PythonJson.write(split(nb.deepCopy()), out, 0);
        out.append('\n');
        Path parent = file.toAbsolutePath().getParent();
        Path part = Files.createTempFile(parent, ".jspark-run-", ".ipynb.part");
        try {
            Files.writeString(part, out, StandardCharsets.UTF_8);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static ObjectNode split(ObjectNode nb) {
        for (JsonNode cell : nb.path("cells")) {
            ObjectNode c = (ObjectNode) cell;
            c.set("source", lines(c.path("source").asText("")));
            for (JsonNode output : c.path("outputs")) {
                ObjectNode o = (ObjectNode) output;
                if (o.path("text").isTextual()) {
                    o.set("text", lines(o.path("text").asText()));
                }
                if (o.path("data").isObject()) {
                    ObjectNode data = (ObjectNode) o.path("data");
                    List<String> keys = new ArrayList<>();
                    data.fieldNames().forEachRemaining(keys::add);
                    for (String key : keys) {
                        if (data.path(key).isTextual() && (key.startsWith("text/") || key.equals("application/javascript")
                                || key.equals("image/svg+xml"))) {
                            data.set(key, lines(data.path(key).asText()));
                        }
                    }
                }
            }
        }
        return nb;
    }

    static boolean isJsonMime(String mime) {
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

    private static String joined(JsonNode value) {
        if (!value.isArray()) {
            return value.asText("");
        }
        StringBuilder text = new StringBuilder();
        value.forEach(line -> text.append(line.asText()));
        return text.toString();
    }

    /** Python's {@code str.splitlines(True)}: every line with its ending, the line breaks Python knows. */
    static ArrayNode lines(String text) {
        ArrayNode lines = Json.array();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
            if (crlf) {
                i++;
            }
            if (crlf || isLineBreak(c)) {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || (c >= '\u001c' && c <= '\u001e')
                || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
