package io.jspark.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HmacSignerTest {
    private static final List<byte[]> FRAMES = List.of(
            bytes("{\"a\":1}"), bytes("{}"), bytes("{}"), bytes("{\"code\":\"1\"}"));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signsLikePythonsHmacSha256() {
        // Expected value from Python: hmac.new(b'secret-key', b''.join(frames), hashlib.sha256).hexdigest()
        HmacSigner signer = new HmacSigner("secret-key", "hmac-sha256");
        assertEquals("cf91902d477e8b9a31e8154a9f781c352fd929b750ed1763608ba4c2d4a5c996", signer.sign(FRAMES));
    }

    @Test
    void verifiesItsOwnSignatureAndRejectsOthers() {
        HmacSigner signer = new HmacSigner("secret-key", "hmac-sha256");
        String good = signer.sign(FRAMES);
        assertTrue(signer.verify(good, FRAMES));
        assertTrue(signer.verify(good.toUpperCase(), FRAMES));
        assertFalse(signer.verify(good.substring(0, 63) + "0", FRAMES));
        assertFalse(signer.verify("", FRAMES));
        assertFalse(new HmacSigner("other-key", "hmac-sha256").verify(good, FRAMES));
        List<byte[]> tampered = List.of(FRAMES.get(0), FRAMES.get(1), FRAMES.get(2), bytes("{\"code\":\"2\"}"));
        assertFalse(signer.verify(good, tampered));
    }

    @Test
    void anEmptyKeyMeansNoSigning() {
        HmacSigner signer = new HmacSigner("", "hmac-sha256");
        assertFalse(signer.enabled());
        assertEquals("", signer.sign(FRAMES));
        assertTrue(signer.verify("", FRAMES));
    }

    @Test
    void otherHmacSchemesWorkAndUnknownOnesFail() {
        assertEquals(128, new HmacSigner("k", "hmac-sha512").sign(FRAMES).length());
        assertThrows(IllegalArgumentException.class, () -> new HmacSigner("k", "rsa-sha256"));
    }
}
