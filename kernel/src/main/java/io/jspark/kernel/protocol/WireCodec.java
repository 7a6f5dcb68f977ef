package io.jspark.kernel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns ZeroMQ multipart frames into messages and back: identities, delimiter, signature, 4 JSON frames, buffers. */
public final class WireCodec {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final HmacSigner signer;
    private final DigestHistory seen = new DigestHistory(DigestHistory.CAPACITY);

    public WireCodec(HmacSigner signer) {
        this.signer = signer;
    }

    public Message decode(List<byte[]> frames) throws InvalidMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new InvalidMessageException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() < delimiter + 6) {
            throw new InvalidMessageException("expected signature and 4 JSON frames after the delimiter, got "
                    + (frames.size() - delimiter - 1) + " frames");
        }
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        List<byte[]> signed = frames.subList(delimiter + 2, delimiter + 6);
        if (!signer.verify(signature, signed)) {
            throw new InvalidMessageException(signature.isEmpty() ? "missing signature" : "wrong signature");
        }
        // Without a key there is no signature to tell a replay from a new message.
        if (signer.enabled() && !seen.addIfNew(signature.toLowerCase())) {
            throw new InvalidMessageException("replayed message: its signature was seen before");
        }
        ObjectNode header = parseObject(signed.get(0), "header");
        if (!header.hasNonNull("msg_type") || !header.hasNonNull("msg_id")) {
            throw new InvalidMessageException("header lacks msg_type or msg_id");
        }
        return new Message(
                List.copyOf(frames.subList(0, delimiter)),
                header,
                parseObject(signed.get(1), "parent_header"),
                parseObject(signed.get(2), "metadata"),
                parseObject(signed.get(3), "content"),
                List.copyOf(frames.subList(delimiter + 6, frames.size())));
    }

    public List<byte[]> encode(Message message) {
        List<byte[]> json = List.of(
                bytes(message.header()),
                bytes(message.parentHeader()),
                bytes(message.metadata()),
                bytes(message.content()));
        List<byte[]> frames = new ArrayList<>(message.identities().size() + 6 + message.buffers().size());
        frames.addAll(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(json).getBytes(StandardCharsets.US_ASCII));
        frames.addAll(json);
        frames.addAll(message.buffers());
        return frames;
    }

    private static ObjectNode parseObject(byte[] frame, String part) throws InvalidMessageException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(frame);
        } catch (IOException e) {
            throw new InvalidMessageException("malformed JSON in " + part, e);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Json.object();
        }
        if (!node.isObject()) {
            throw new InvalidMessageException(part + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
