package io.chatservice.history;

/**
 * One stream of history: a room, or the private conversation of two users (one stream for both directions). Names
 * cannot hold {@code :} or {@code |}, so {@link #id()} is unambiguous.
 *
 * @param room the room's name, or null for a conversation
 * @param first for a conversation, the lesser of the two names (by {@link String#compareTo}); {@code second} the other
 */
public record StreamKey(String room, String first, String second) {

    public static StreamKey room(String name) {
        return new StreamKey(name, null, null);
    }

    /** The conversation of two users, whichever of them is named first. A user may write to themselves. */
    public static StreamKey conversation(String a, String b) {
        return a.compareTo(b) <= 0 ? new StreamKey(null, a, b) : new StreamKey(null, b, a);
    }

    public boolean isRoom() {
        return room != null;
    }

    /** {@code room:<name>} or {@code dm:<first>|<second>}: the stream's name in Redis and in logs. */
    public String id() {
        return isRoom() ? "room:" + room : "dm:" + first + "|" + second;
    }

    /** In a conversation: the user who is not {@code user}. */
    public String other(String user) {
        return user.equals(first) ? second : first;
    }
}
