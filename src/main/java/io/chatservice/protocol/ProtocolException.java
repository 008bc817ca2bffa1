package io.chatservice.protocol;

/**
 * A client frame the service refuses. It becomes an error frame for the sender, naming the room or addressee it
 * concerns where there is one; the connection stays open. No stack trace: bad input is an outcome, not a fault.
 */
public final class ProtocolException extends Exception {

    private final ErrorCode code;
    private final String room;
    private final String toUser;

    public ProtocolException(ErrorCode code, String reason) {
        this(code, reason, null, null);
    }

    private ProtocolException(ErrorCode code, String reason, String room, String toUser) {
        super(reason, null, false, false);
        this.code = code;
        this.room = room;
        this.toUser = toUser;
    }

    public static ProtocolException aboutRoom(ErrorCode code, String reason, String room) {
        return new ProtocolException(code, reason, room, null);
    }

    public static ProtocolException aboutUser(ErrorCode code, String reason, String toUser) {
        return new ProtocolException(code, reason, null, toUser);
    }

    public ErrorCode code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }

    /** The room the refused frame was about, or null. */
    public String room() {
        return room;
    }

    /** The addressee the refused frame was about, or null. */
    public String toUser() {
        return toUser;
    }
}
