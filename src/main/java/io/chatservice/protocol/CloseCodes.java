package io.chatservice.protocol;

/**
 * Every close code the service sends, in one place; docs/protocol.md has the same table for clients. A client
 * reconnects after 1001, 4002 and 4008; after 1008 and 4401 it must not retry without its user,
 * after 4010 and 4403 not on its own.
 */
public final class CloseCodes {

    /** The server is shutting down; a reconnect finds another instance. */
    public static final int GOING_AWAY = 1001;
    /** A frame broke RFC 6455 (reserved bits, bad opcode, unmasked, ...). */
    public static final int PROTOCOL_ERROR = 1002;
    /** A text frame that is not UTF-8. */
    public static final int INVALID_DATA = 1007;
    /** Refused: the handshake broke a rule (name, key, token, a cap), or the client kept sending past its limit. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message over the hard size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** A fault in the service. */
    public static final int INTERNAL_ERROR = 1011;
    /** The service cannot serve the connection now (its cluster is unreachable): connect again after a pause. */
    public static final int TRY_AGAIN_LATER = 1013;

    /** The peer answered no pings within {@code chat.liveness.timeout}. */
    public static final int UNRESPONSIVE = 4002;
    /** The connection stopped reading what was sent to it. */
    public static final int SLOW_CONSUMER = 4008;
    /** The server API closed the user's connections: do not reconnect on your own. */
    public static final int KICKED = 4010;
    /** The name is banned: do not reconnect before the ban ends. */
    public static final int BANNED = 4403;
    /** The connection's token expired; connect again with a fresh one. */
    public static final int TOKEN_EXPIRED = 4401;

    private CloseCodes() {
    }
}
