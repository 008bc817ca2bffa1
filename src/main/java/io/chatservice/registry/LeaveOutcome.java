package io.chatservice.registry;

/** What {@link ConnectionRegistry#leaveRoom} did. */
public enum LeaveOutcome {
    /** The connection was not in the room; nothing changed. */
    NOT_IN,
    /** The user is still in the room on another connection on this node. */
    ANOTHER_CONNECTION,
    /** That was the user's last connection in the room on this node; the room has other members here. */
    LAST_CONNECTION,
    /** That was the room's last member on this node: the node need not hear the room any more. */
    ROOM_EMPTY;

    /** The user has no connection in the room on this node any more. */
    public boolean lastOfUser() {
        return this == LAST_CONNECTION || this == ROOM_EMPTY;
    }
}
