package io.chatservice.core;

/**
 * Who says something in the chat: a connected user, or the application's backend through the server API under a
 * name it chooses. Both take the same path from here on; a message from the backend is marked as such.
 *
 * @param name the {@code from_user} of what it sends
 * @param identity a user's identity ({@link io.chatservice.core.Identity}); for the backend, {@link #BACKEND}
 * @param keyId for the backend, the id of the server API key that called (for the audit log); null for a user
 */
public record Sender(String name, String identity, String keyId) {

    /** The identity of the backend's names: not hex digits, so never a user's identity. */
    public static final String BACKEND = "api";

    public static Sender user(String name, String identity) {
        return new Sender(name, identity, null);
    }

    public static Sender backend(String name, String keyId) {
        return new Sender(name, BACKEND, keyId);
    }

    public boolean isBackend() {
        return keyId != null;
    }

    /**
     * Under whom a {@code cid} is remembered: the user's name, or for the backend the name behind {@code *}, which no
     * user can be named, so a user and the backend writing as the same name never share their cids.
     */
    public String cidOwner() {
        return isBackend() ? "*" + name : name;
    }
}
