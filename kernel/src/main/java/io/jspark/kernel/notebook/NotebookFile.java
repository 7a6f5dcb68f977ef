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
            for (JsonNode attachment : c.path("attachments")) {
                rejoin(attachment);
            }
            for (JsonNode output : c.path("outputs")) {
                ObjectNode o = (ObjectNode) output;
                if (o.has("text")) {
                    o.put("text", joined(o.path("text")));
                }
                rejoin(o.path("data"));
            }
        }
        return nb;
    }

    /**
     * Writes beside the target first, so that a failed write never leaves half a notebook; the file
     * a symbolic link points to is replaced, with the rights it had.
     */
    public static void write(ObjectNode nb, Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        PythonJson.write(split(withoutTransient(nb.deepCopy())), out, 0);
        out.append('\n');
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Path part = Files.createTempFile(target.getParent(), ".jspark-run-", ".ipynb.part");
        try {
            Files.writeString(part, out, StandardCharsets.UTF_8);
            if (Files.exists(target) && Files.getFileStore(target).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(part, Files.getPosixFilePermissions(target));
            } else if (!Files.exists(target) && Files.getFileStore(part).supportsFileAttributeView("posix")) {
                // As a new file from Python's open() would be.
                Files.setPosixFilePermissions(part, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** nbformat's strip_transient: what a file never keeps. */
    private static ObjectNode withoutTransient(ObjectNode nb) {
        if (nb.path("metadata").isObject()) {
            ((ObjectNode) nb.get("metadata")).remove(List.of("orig_nbformat", "orig_nbformat_minor", "signature"));
        }
        for (JsonNode cell : nb.path("cells")) {
            if (cell.path("metadata").isObject()) {
                ((ObjectNode) cell.get("metadata")).remove("trusted");
            }
        }
        return nb;
    }

    private static void rejoin(JsonNode bundle) {
        if (bundle instanceof ObjectNode data) {
            List<String> keys = new ArrayList<>();
            data.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                if (!isJsonMime(key) && data.path(key).isArray()) {
                    data.put(key, joined(data.path(key)));
                }
            }
        }
    }

    private static void splitBundle(JsonNode bundle) {
        if (bundle instanceof ObjectNode data) {
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

    private static ObjectNode split(ObjectNode nb) {
        for (JsonNode cell : nb.path("cells")) {
            ObjectNode c = (ObjectNode) cell;
            c.set("source", lines(c.path("source").asText("")));
            for (JsonNode attachment : c.path("attachments")) {
                splitBundle(attachment);
            }
            for (JsonNode output : c.path("outputs")) {
                ObjectNode o = (ObjectNode) output;
                String type = o.path("output_type").asText();
                if (type.equals("stream") && o.path("text").isTextual()) {
                    o.set("text", lines(o.path("text").asText()));
                } else if (type.equals("execute_result") || type.equals("display_data")) {
                    splitBundle(o.path("data"));
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
