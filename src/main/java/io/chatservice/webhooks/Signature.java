package io.chatservice.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Chat-Signature} header of an event: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}.
 * The time is signed with the body, so that a receiver can refuse a captured request replayed later.
 */
final class Signature {

    static final String HEADER = "Chat-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    Signature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** @param seconds the signing time, in seconds since the epoch */
    String header(long seconds, String body) {
        return "t=" + seconds + ",v1=" + hmac(seconds + "." + body);
    }

    private String hmac(String payload) {
        try {
            // A Mac is not thread-safe and cheap to make: one per signature.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
