package io.chatservice.core;

/** Who a published frame is for. Each replica resolves a target to the connections it holds itself. */
public sealed interface Target {

    /** Every connection in a group room. */
    record Room(String name) implements Target {
    }

    /** Every private-chat connection of one user. */
    record User(String name) implements Target {
    }

    /** Every private-chat connection of two users: both sides of a conversation see each message once. */
    record Conversation(String from, String to) implements Target {
    }

    /** Every private-chat connection that watches the user: that user came online or went offline. */
    record Watchers(String user) implements Target {
    }

    /**
     * A room's coming or going, for the room's notices: each node gathers them and tells its members at most once
     * per {@code chat.presence.notify-interval}, rather than sending each on at once.
     */
    record RoomChange(String room) implements Target {
    }

    /**
     * A typing notice in a room: to the room's connections that asked for typing notices, except the typist's own. The
     * fan-out checks each connection's flag as it goes, so the room's recipients are resolved as for any frame.
     */
    record RoomTyping(String room, String typist) implements Target {
    }

    /** A typing notice to a user: to their private connections that asked for typing notices. */
    record UserTyping(String user, String typist) implements Target {
    }

    static Target room(String name) {
        return new Room(name);
    }

    static Target user(String name) {
        return new User(name);
    }

    /** A private message: to the addressee and to the sender's other tabs; once if they write to themselves. */
    static Target conversation(String from, String to) {
        return from.equals(to) ? user(to) : new Conversation(from, to);
    }

    static Target watchers(String user) {
        return new Watchers(user);
    }

    static Target roomChange(String room) {
        return new RoomChange(room);
    }

    static Target roomTyping(String room, String typist) {
        return new RoomTyping(room, typist);
    }

    static Target userTyping(String user, String typist) {
        return new UserTyping(user, typist);
    }
}
