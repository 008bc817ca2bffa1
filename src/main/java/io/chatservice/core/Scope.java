package io.chatservice.core;

/**
 * Where a user is counted as present: a group room, or the private channel (whose members are the users reachable by
 * private message).
 *
 * @param room the room's name, or null for the private channel
 */
public record Scope(String room) {

    public static final Scope PRIVATE_CHANNEL = new Scope(null);

    public static Scope room(String name) {
        return new Scope(name);
    }

    public boolean isPrivateChannel() {
        return room == null;
    }
}
