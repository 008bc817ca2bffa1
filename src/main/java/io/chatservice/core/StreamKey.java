package io.chatservice.core;

/**
 * One stream of history: a room, or the private conversation of two users (one stream for both directions). A
 * conversation belongs to the identities that took part ({@link Identity}), not only to their names: a newcomer
 * under a freed name has another identity, and so another, empty, conversation with everyone its predecessor talked
 * with. Names cannot hold {@code :}, {@code |} or {@code #}, and identities are hex digits, so {@link #id()} is
 * unambiguous.
 *
 * @param room the room's name, or null for a conversation
 * @param first for a conversation, the lesser of the two users (by name, then identity); {@code second} the other
 * @param firstId {@code first}'s identity ({@link Identity#SUBJECT} in {@code jwt} mode); {@code secondId} the other's
 */
public record StreamKey(String room, String first, String firstId, String second, String secondId) {

    public static StreamKey room(String name) {
        return new StreamKey(name, null, null, null, null);
    }

    /** The conversation of two identities, whichever is named first. A user may write to themselves. */
    public static StreamKey conversation(String a, String aId, String b, String bId) {
        int order = a.compareTo(b);
        return order < 0 || order == 0 && aId.compareTo(bId) <= 0 ? new StreamKey(null, a, aId, b, bId)
                : new StreamKey(null, b, bId, a, aId);
    }

    /** The conversation of two token-proven subjects ({@code jwt} mode), whose names are their identities. */
    public static StreamKey conversation(String a, String b) {
        return conversation(a, Identity.SUBJECT, b, Identity.SUBJECT);
    }

    /** The conversation of two parties as {@link #party} writes them. */
    public static StreamKey ofParties(String a, String b) {
        int cutA = a.indexOf('#');
        int cutB = b.indexOf('#');
        return conversation(cutA < 0 ? a : a.substring(0, cutA), cutA < 0 ? Identity.SUBJECT : a.substring(cutA + 1),
                cutB < 0 ? b : b.substring(0, cutB), cutB < 0 ? Identity.SUBJECT : b.substring(cutB + 1));
    }

    /** The inverse of {@link #id()}, or null for text that is not a stream id. */
    public static StreamKey parse(String id) {
        if (id.startsWith("room:")) {
            return room(id.substring(5));
        }
        int bar = id.indexOf('|');
        if (id.startsWith("dm:") && bar > 3 && bar < id.length() - 1) {
            return ofParties(id.substring(3, bar), id.substring(bar + 1));
        }
        return null;
    }

    public boolean isRoom() {
        return room != null;
    }

    /**
     * {@code room:<name>} or {@code dm:<first>|<second>}, each user written as {@link #party}: the stream's name in
     * Redis and in logs. A conversation of subjects ({@code jwt} mode) is {@code dm:<first>|<second>}.
     */
    public String id() {
        return isRoom() ? "room:" + room : "dm:" + party(first, firstId) + "|" + party(second, secondId);
    }

    /** In a conversation: the user who is not {@code user}. */
    public String other(String user) {
        return user.equals(first) ? second : first;
    }

    /** In a conversation: the identity of {@code user}. */
    public String identityOf(String user) {
        return user.equals(first) ? firstId : secondId;
    }

    /** In a conversation: the user who is not {@code user}, as {@link #party} writes them. */
    public String otherParty(String user) {
        return user.equals(first) ? party(second, secondId) : party(first, firstId);
    }

    /** {@code <name>#<identity>}, or the name alone for a subject. */
    public static String party(String name, String identity) {
        return identity.isEmpty() ? name : name + "#" + identity;
    }
}
