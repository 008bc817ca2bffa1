package io.chatservice.protocol;

/**
 * Machine-readable codes of error frames. The table in docs/protocol.md lists the same codes; keep them in step.
 */
public enum ErrorCode {
    /** The text frame is not a JSON object. */
    MALFORMED_JSON,
    /** The object has a field this channel does not know. */
    UNKNOWN_FIELD,
    /** A known field has the wrong JSON type. */
    INVALID_FIELD,
    /** The {@code type} is not one this channel accepts. */
    UNKNOWN_TYPE,
    /** {@code info} is missing, empty or only white space. */
    EMPTY_TEXT,
    /** {@code info} is longer than {@code chat.limits.max-text-bytes}. */
    TEXT_TOO_LONG,
    /** Binary frames are not part of the protocol. */
    BINARY_NOT_SUPPORTED,
    /** A private message without {@code to_user}. */
    MISSING_RECIPIENT,
    /** The addressee of a private message has no open private-chat connection. */
    USER_OFFLINE,
    /** A username breaks the naming rules. */
    INVALID_USERNAME,
    /** A room name breaks the naming rules. */
    INVALID_ROOM,
    /** A message or leave names a room this connection is not in. */
    NOT_IN_ROOM,
    /** A join would put the connection in more rooms than {@code chat.limits.max-rooms-per-connection}. */
    TOO_MANY_ROOMS,
    /** The name is held by someone else: a connection under it needs its key (or, in {@code jwt} mode, a token). */
    NAME_TAKEN,
    /** The name has {@code chat.limits.max-connections-per-user} connections open already. */
    TOO_MANY_CONNECTIONS,
    /** The client's address has {@code chat.limits.max-connections-per-address} connections open already. */
    ADDRESS_LIMIT,
    /** This node has {@code chat.limits.max-connections} connections open already. */
    SERVER_FULL,
    /** Over a rate limit (frames per connection or per name, or upgrades per address); {@code retry_after_ms} says when to try again. */
    RATE_LIMITED,
    /** In {@code jwt} mode, a connection without a token. */
    TOKEN_REQUIRED,
    /** In {@code jwt} mode, a token that does not verify (signature, issuer, expiry). */
    TOKEN_INVALID,
    /** In {@code jwt} mode, the path names someone other than the token. */
    NAME_MISMATCH,
    /** In {@code jwt} mode, the connection's token expired: the connection closes with 4401 right after. */
    TOKEN_EXPIRED,
    /**
     * With {@code chat.broker=redis}, the node cannot reach Redis now: what needed it was not done (a message was
     * not kept, and reached nobody). Try again in a moment.
     */
    UNAVAILABLE,
    /**
     * A private message to an offline user whose mailbox holds {@code chat.offline.max-messages} already, or takes no
     * more from this sender now: a sender the user never wrote to is held to a share of it.
     */
    MAILBOX_FULL,
    /** A private message to a user who blocked its sender: it was not delivered and not kept. */
    BLOCKED,
    /** A {@code block} past {@code chat.limits.max-blocks}: unblock someone first. */
    TOO_MANY_BLOCKS,
    /**
     * A receipt for no message its sender received: {@code message_id} and {@code offset} name no message that
     * {@code to_user} sent the sender, in their conversation's history now.
     */
    UNKNOWN_MESSAGE,
    /**
     * A claim over {@code chat.limits.claims-per-address} (with {@code retry_after_ms}) or {@code chat.limits.max-claims};
     * the name stays held as it was.
     */
    CLAIM_LIMIT,
    /** A {@code watch} over {@code chat.presence.max-watch} names; nothing changed. */
    WATCH_LIMIT,
    /** {@code watch} or {@code lookup} where {@code chat.presence.public=false}: who is online is not shown. */
    PRESENCE_PRIVATE,
    /** The name is banned (through the server API): the connection closes with 4403 right after. */
    BANNED,
    /** A message to a room where the server API muted its sender: the user still reads the room. */
    MUTED,
    /** An {@code edit} or {@code delete} of someone else's message. */
    NOT_AUTHOR,
    /** An {@code edit} or {@code delete} after {@code chat.messages.edit-window}. */
    EDIT_WINDOW_CLOSED
}
