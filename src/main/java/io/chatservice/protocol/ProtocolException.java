package io.chatservice.protocol;

/**
 * A client frame the service refuses. It becomes an error frame for the sender, naming the room or addressee it
 * concerns where there is one; the connection stays open. No stack trace: bad input is an outcome, not a fault.
 */
public final class ProtocolException extends Exception {

    private final ErrorCode code;
    private final String room;
    private final String toUser;
    private final Long retryAfterMs;
    private final String cid;

    public ProtocolException(ErrorCode code, String reason) {
        this(code, reason, null, null, null, null);
    }

    private ProtocolException(ErrorCode code, String reason, String room, String toUser, Long retryAfterMs,
            String cid) {
        super(reason, null, false, false);
        this.code = code;
        this.room = room;
        this.toUser = toUser;
        this.retryAfterMs = retryAfterMs;
        this.cid = cid;
    }

    private ProtocolException(ErrorCode code, String reason, String room, String toUser, Long retryAfterMs) {
        this(code, reason, room, toUser, retryAfterMs, null);
    }

    /** The same refusal, answering the client frame that carried {@code cid}. */
    public ProtocolException withCid(String cid) {
        return cid == null ? this : new ProtocolException(code, reason(), room, toUser, retryAfterMs, cid);
    }

    /** The {@code cid} of the refused frame, or null. */
    public String cid() {
        return cid;
    }

    /** A refusal that the client may try again after {@code retryAfterMs} milliseconds. */
    public static ProtocolException retryLater(ErrorCode code, String reason, long retryAfterMs) {
        return new ProtocolException(code, reason, null, null, retryAfterMs);
    }

    /** A refusal about {@code room} that the client may try again after {@code retryAfterMs} milliseconds. */
    public static ProtocolException retryLaterInRoom(ErrorCode code, String reason, String room, long retryAfterMs) {
        return new ProtocolException(code, reason, room, null, retryAfterMs);
    }

    public static ProtocolException aboutRoom(ErrorCode code, String reason, String room) {
        return new ProtocolException(code, reason, room, null, null);
    }

    public static ProtocolException aboutUser(ErrorCode code, String reason, String toUser) {
        return new ProtocolException(code, reason, null, toUser, null);
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

    /** When the client may try again, in milliseconds, or null. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
