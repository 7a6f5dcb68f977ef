package io.jspark.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private final HmacSigner signer = new HmacSigner("k3y", "hmac-sha256");
    private final WireCodec codec = new WireCodec(signer);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Message request() {
        ObjectNode content = Json.object().put("code", "int x = 1;");
        Message m = new Message(List.of(bytes("client-1"), bytes("client-2")),
                Message.newHeader("session-1", "execute_request"), Json.object(), Json.object(), content, List.of(bytes("raw")));
        return m;
    }

    @Test
    void roundTripsIdentitiesJsonAndBuffers() throws Exception {
        Message original = request();
        List<byte[]> frames = codec.encode(original);
        assertArrayEquals(bytes("client-1"), frames.get(0));
        assertArrayEquals(bytes("client-2"), frames.get(1));
        assertArrayEquals(WireCodec.DELIMITER, frames.get(2));
        assertEquals(64, frames.get(3).length);
        Message decoded = codec.decode(frames);
        assertEquals(2, decoded.identities().size());
        assertEquals("execute_request", decoded.msgType());
        assertEquals(original.msgId(), decoded.msgId());
        assertEquals("int x = 1;", decoded.content().path("code").asText());
        assertArrayEquals(bytes("raw"), decoded.buffers().get(0));
    }

    @Test
    void headersCarryTheFieldsTheSpecRequires() {
        ObjectNode h = Message.newHeader("s", "status");
        for (String field : List.of("msg_id", "session", "username", "date", "msg_type", "version")) {
            assertTrue(h.hasNonNull(field), field);
        }
        assertEquals("5.3", h.path("version").asText());
        assertTrue(h.path("date").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
    }

    @Test
    void childMessagesCopyTheParentHeaderAndAddress() throws Exception {
        Message parent = codec.decode(codec.encode(request()));
        Message reply = Message.child(parent, "kernel-session", "execute_reply", Json.object());
        assertEquals(parent.msgId(), reply.parentHeader().path("msg_id").asText());
        assertEquals(parent.identities(), reply.identities());
        assertEquals("kernel-session", reply.session());
    }

    @Test
    void rejectsWrongOrMissingSignatures() {
        List<byte[]> frames = new ArrayList<>(codec.encode(request()));
        frames.set(3, bytes("0".repeat(64)));
        InvalidMessageException wrong = assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
        assertEquals("wrong signature", wrong.getMessage());
        frames.set(3, new byte[0]);
        InvalidMessageException missing = assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
        assertEquals("missing signature", missing.getMessage());
    }

    @Test
    void rejectsMissingFramesAndDelimiter() {
        List<byte[]> frames = codec.encode(request());
        assertThrows(InvalidMessageException.class, () -> codec.decode(frames.subList(0, frames.size() - 3)));
        List<byte[]> noDelimiter = new ArrayList<>(frames);
        noDelimiter.remove(2);
        assertThrows(InvalidMessageException.class, () -> codec.decode(noDelimiter));
    }

    @Test
    void rejectsMalformedJsonEvenWhenSigned() {
        List<byte[]> json = List.of(bytes("{\"msg_id\":\"1\",\"msg_type\":\"x\"}"), bytes("{}"), bytes("{}"), bytes("{not json"));
        List<byte[]> frames = new ArrayList<>();
        frames.add(WireCodec.DELIMITER);
        frames.add(bytes(signer.sign(json)));
        frames.addAll(json);
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
        assertTrue(e.getMessage().contains("content"));
    }

    @Test
    void rejectsHeadersWithoutType() {
        List<byte[]> json = List.of(bytes("{}"), bytes("{}"), bytes("{}"), bytes("{}"));
        List<byte[]> frames = new ArrayList<>();
        frames.add(WireCodec.DELIMITER);
        frames.add(bytes(signer.sign(json)));
        frames.addAll(json);
        assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
    }

    @Test
    void rejectsAMessageWhoseSignatureWasSeenBefore() throws Exception {
        List<byte[]> frames = codec.encode(request());
        codec.decode(frames);
        InvalidMessageException replay = assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
        assertTrue(replay.getMessage().startsWith("replayed message"), replay.getMessage());
        List<byte[]> upperCase = new ArrayList<>(frames);
        upperCase.set(3, new String(frames.get(3), StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII));
        assertThrows(InvalidMessageException.class, () -> codec.decode(upperCase));
        assertEquals("execute_request", codec.decode(codec.encode(request())).msgType(), "a new message still passes");
    }

    @Test
    void withoutAKeyTheSameMessageMayComeAgain() throws Exception {
        WireCodec unsigned = new WireCodec(new HmacSigner("", "hmac-sha256"));
        List<byte[]> frames = unsigned.encode(request());
        unsigned.decode(frames);
        assertEquals("execute_request", unsigned.decode(frames).msgType());
    }

    @Test
    void readsStringsLongerThanJacksonsDefaultLimit() throws Exception {
        String code = "x".repeat(21_000_000);
        Message m = new Message(List.of(), Message.newHeader("s", "execute_request"), Json.object(), Json.object(),
                Json.object().put("code", code), List.of());
        assertEquals(code.length(), codec.decode(codec.encode(m)).content().path("code").asText().length());
    }
}
