package io.chatservice.registry;

/** What {@link ConnectionRegistry#joinRoom} did. */
public enum JoinOutcome {
    /** The user's first connection in the room: the room hears of it. */
    FIRST_CONNECTION,
    /** The user was in the room already on another connection. */
    ANOTHER_CONNECTION,
    /** This connection was in the room already; nothing changed. */
    ALREADY_IN,
    /** The connection is in as many rooms as it may be; nothing changed. */
    ROOM_LIMIT
}
