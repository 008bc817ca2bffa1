package io.chatservice.protocol;

/**
 * A client frame after parsing. {@code from_user}, when a client sends it, is read and dropped: the sender is always
 * the connection's own user. Fields the frame did not carry are null.
 */
public record InboundMessage(String type, String toUser, String info, String room) {

    public static final String MESSAGE = "message";
    public static final String JOIN = "join";
    public static final String LEAVE = "leave";
    /** Keep the connection's name for its key after the connection closes. */
    public static final String CLAIM = "claim";
    /** Give such a claim up. */
    public static final String RELEASE = "release";

    /** The seed's clients send no type: a frame without one is a chat message. */
    public String typeOrDefault() {
        return type == null ? MESSAGE : type;
    }
}
