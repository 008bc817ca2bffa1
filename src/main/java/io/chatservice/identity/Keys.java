package io.chatservice.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The keys that prove a name belongs to someone: 256 random bits, written as 43 characters of URL-safe base64, so
 * they travel in a query string as they are. Only their SHA-256 hashes are kept, and hashes are compared in constant
 * time. A key is a secret: it never goes into a log line, a metric or a REST answer.
 */
public final class Keys {

    static final int KEY_BYTES = 32;
    /** Base64 of 32 bytes without padding. */
    static final int KEY_LENGTH = 43;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Keys() {
    }

    /**
     * @param random made at run time by its owner: a {@code SecureRandom} in a static field could be made while a
     *        native image is built, and every process of that image would then share its seed
     */
    public static String newKey(SecureRandom random) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Whether a presented key has the shape of one the service gives out; anything else is never accepted. */
    public static boolean isWellFormed(String key) {
        if (key == null || key.length() != KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Constant-time: how long it takes says nothing about how much of the key was right. */
    public static boolean matches(byte[] hash, String key) {
        return key != null && MessageDigest.isEqual(hash, hash(key));
    }
}
