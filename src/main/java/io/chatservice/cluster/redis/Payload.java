package io.chatservice.cluster.redis;

import io.chatservice.delivery.Target;

/**
 * What one node publishes to the others: the envelope's target and frame, the node it comes from (so that a node
 * skips its own echo on a shared channel) and the wall-clock time it was sent (for the cross-node latency).
 * <p>
 * The format is {@code c1 <sentAtMillis> <kind><origin>[<a>[<b>]]<frame>}, where kind is {@code R} (room a),
 * {@code U} (user a), {@code C} (conversation from a to b) or {@code P} (the private channel), and each of origin, a
 * and b is written as its length in chars, a colon, and the text. Lengths instead of separators let names and frames
 * hold any character (newlines, colons, emoji) without escaping, and the frame, the bulk of a payload, is appended as
 * it is and read back with one substring.
 */
public record Payload(String origin, long sentAtMillis, Target target, String frame) {

    private static final String VERSION = "c1 ";

    /** Builds the text once per envelope; the same text goes to every channel the envelope is for. */
    public String encode() {
        StringBuilder out = new StringBuilder(frame.length() + origin.length() + 64);
        out.append(VERSION).append(sentAtMillis).append(' ');
        if (target instanceof Target.Room room) {
            field(field(out.append('R'), origin), room.name());
        } else if (target instanceof Target.User user) {
            field(field(out.append('U'), origin), user.name());
        } else if (target instanceof Target.Conversation conversation) {
            field(field(field(out.append('C'), origin), conversation.from()), conversation.to());
        } else {
            field(out.append('P'), origin);
        }
        return out.append(frame).toString();
    }

    /** @throws IllegalArgumentException if the text is not a payload of this format */
    public static Payload decode(String text) {
        if (!text.startsWith(VERSION)) {
            throw new IllegalArgumentException("not a chat payload (version)");
        }
        int space = text.indexOf(' ', VERSION.length());
        if (space < 0 || space + 1 >= text.length()) {
            throw new IllegalArgumentException("not a chat payload (time)");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(text, VERSION.length(), space, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a chat payload (time)");
        }
        Reader in = new Reader(text, space + 2);
        String origin = in.field();
        Target target = switch (text.charAt(space + 1)) {
            case 'R' -> Target.room(in.field());
            case 'U' -> Target.user(in.field());
            case 'C' -> new Target.Conversation(in.field(), in.field());
            case 'P' -> Target.privateChannel();
            default -> throw new IllegalArgumentException("not a chat payload (target)");
        };
        return new Payload(origin, sentAt, target, text.substring(in.at));
    }

    private static StringBuilder field(StringBuilder out, String value) {
        return out.append(value.length()).append(':').append(value);
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text, int at) {
            this.text = text;
            this.at = at;
        }

        String field() {
            int colon = text.indexOf(':', at);
            if (colon <= at || colon - at > 9) {
                throw new IllegalArgumentException("not a chat payload (field)");
            }
            int length;
            try {
                length = Integer.parseInt(text, at, colon, 10);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a chat payload (field)");
            }
            int end = colon + 1 + length;
            if (length < 0 || end > text.length()) {
                throw new IllegalArgumentException("not a chat payload (field length)");
            }
            at = end;
            return text.substring(colon + 1, end);
        }
    }
}
