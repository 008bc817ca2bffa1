package io.chatservice.registry;

/** What {@link ConnectionRegistry#joinRoom} did. */
public enum JoinOutcome {
    /** The room had no members on this node: this node must now hear the room, and the user is new in it. */
    NEW_ROOM,
    /** The user's first connection in the room on this node: the room hears of it. */
    FIRST_CONNECTION,
    /** The user was in the room already on another connection. */
    ANOTHER_CONNECTION,
    /** This connection was in the room already; nothing changed. */
    ALREADY_IN,
    /** The connection is in as many rooms as it may be; nothing changed. */
    ROOM_LIMIT,
    /** The room had no members on this node, and the connection may not open more rooms now; nothing changed. */
    OPENING_LIMIT;

    /** The user had no connection in the room on this node before. */
    public boolean firstOfUser() {
        return this == NEW_ROOM || this == FIRST_CONNECTION;
    }
}
