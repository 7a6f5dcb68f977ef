package io.jspark.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the four JSON frames of a message as the connection file says. An empty key
 * means the frontend asked for no signing. Safe to share across threads: each call gets its own Mac.
 */
public final class HmacSigner {
    private final Mac prototype;

    public HmacSigner(String key, String scheme) {
        if (key == null || key.isEmpty()) {
            prototype = null;
            return;
        }
        if (!scheme.startsWith("hmac-")) {
            throw new IllegalArgumentException("unsupported signature scheme: " + scheme);
        }
        String algorithm = "Hmac" + scheme.substring("hmac-".length()).toUpperCase().replace("-", "");
        try {
            prototype = Mac.getInstance(algorithm);
            prototype.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unsupported signature scheme: " + scheme, e);
        }
    }

    public boolean enabled() {
        return prototype != null;
    }

    public String sign(List<byte[]> frames) {
        if (prototype == null) {
            return "";
        }
        Mac mac = newMac();
        for (byte[] frame : frames) {
            mac.update(frame);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** Compares in time independent of where the signatures differ. */
    public boolean verify(String signature, List<byte[]> frames) {
        if (prototype == null) {
            return true;
        }
        byte[] expected = sign(frames).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = signature.toLowerCase().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private Mac newMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HMAC cannot be cloned", e);
        }
    }
}
