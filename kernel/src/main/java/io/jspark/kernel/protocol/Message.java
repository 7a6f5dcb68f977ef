package io.jspark.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * One Jupyter message. The JSON parts are Jackson trees; a message is not modified after it is
 * built, so it may be handed between the socket threads and the cell's execution thread.
 */
public record Message(
        List<byte[]> identities,
        ObjectNode header,
        ObjectNode parentHeader,
        ObjectNode metadata,
        ObjectNode content,
        List<byte[]> buffers) {

    public static final String PROTOCOL_VERSION = "5.3";
    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    public String msgType() {
        return header.path("msg_type").asText();
    }

    public String msgId() {
        return header.path("msg_id").asText();
    }

    public String session() {
        return header.path("session").asText();
    }

    /** A new message caused by {@code parent}, addressed to the same frontend. */
    public static Message child(Message parent, String session, String msgType, ObjectNode content) {
        return child(parent, session, msgType, Json.object(), content);
    }

    public static Message child(Message parent, String session, String msgType, ObjectNode metadata, ObjectNode content) {
        ObjectNode parentHeader = parent == null ? Json.object() : parent.header.deepCopy();
        List<byte[]> ids = parent == null ? List.of() : parent.identities;
        return new Message(ids, newHeader(session, msgType), parentHeader, metadata, content, List.of());
    }

    public static ObjectNode newHeader(String session, String msgType) {
        ObjectNode h = Json.object();
        h.put("msg_id", UUID.randomUUID().toString());
        h.put("session", session);
        h.put("username", "kernel");
        h.put("date", ISO_MICROS.format(Instant.now()));
        h.put("msg_type", msgType);
        h.put("version", PROTOCOL_VERSION);
        return h;
    }

    public Message withIdentities(List<byte[]> ids) {
        return new Message(ids, header, parentHeader, metadata, content, buffers);
    }
}
