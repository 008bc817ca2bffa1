package io.chatservice.core;

import java.util.HexFormat;

import io.chatservice.identity.Keys;

/**
 * The identity a name's private history and mailbox belong to, as opposed to the name itself, which a newcomer may
 * take once it is free. In {@code names} mode it is derived from the key the name is held by: the first 16 hex digits
 * of its SHA-256 (the hash the service keeps anyway, so it tells nothing about the key), which a claim keeps across
 * disconnects and a plain hold until its last connection closes. In {@code jwt} mode the token proves the subject,
 * so the name is the identity, written as the empty string. Identities appear in stream ids only (see
 * {@link io.chatservice.core.StreamKey}), never in frames.
 */
public final class Identity {

    /** {@code jwt} mode: the subject, which the name is. */
    public static final String SUBJECT = "";
    /** Nobody holds the name and nobody under it was talked with: a conversation that never has any history. */
    public static final String NOBODY = "nobody";
    /** Hex digits of the key's SHA-256 in an identity: 64 bits, so that two holders of one name never meet. */
    static final int LENGTH = 16;
    /** The mailbox owner of {@code jwt} mode (see {@code mailbox.LocalOwners}); never a key hash. */
    private static final String SUBJECT_OWNER = "subject";

    private Identity() {
    }

    /** The identity of a connection admitted with this key (null: proven by a token). */
    public static String ofKey(String key) {
        return key == null ? SUBJECT : ofKeyHash(HexFormat.of().formatHex(Keys.hash(key)));
    }

    /** The identity of the key whose SHA-256 is this (hex), or of a mailbox owner ({@code subject} in jwt mode). */
    public static String ofKeyHash(String hex) {
        return hex == null ? null : SUBJECT_OWNER.equals(hex) ? SUBJECT : hex.substring(0, LENGTH);
    }
}
