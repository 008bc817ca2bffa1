package io.chatservice.cluster;

import io.chatservice.core.Target;
import io.chatservice.core.StreamKey;

/**
 * What one node publishes to the others: the envelope's target and frame, the node it comes from (so that a node
 * skips its own echo of a notice) and the wall-clock time it was sent (for the cross-node latency); for a kept
 * message also its stream, offset and epoch, so that a receiver can put each stream's messages in order and notice
 * what pub/sub lost.
 * <p>
 * A notice is {@code c1 <sentAtMillis> <kind><origin>[<a>[<b>]]<frame>}, where kind is {@code R} (room a), {@code U}
 * (user a), {@code C} (conversation from a to b), {@code W} (watchers of user a), {@code Q} (room a's comings and
 * goings), {@code T} (typing in room a, by b) or {@code Y} (typing to user a, by b), and each of origin, a and b is
 * written as its length in chars, a colon, and the text. A kept message is {@code c2}, the same up to the target, then
 * its stream's {@link StreamKey#id()} as one more such field, then {@code <offset> <epoch> <frame>}: the history
 * script, which is what assigns the offset and epoch, appends those three to a prefix built here
 * ({@link #keptPrefix}). Lengths instead of separators let names and frames hold any character (newlines, colons,
 * emoji) without escaping, and the frame, the bulk of a payload, is appended as it is and read back with one
 * substring.
 *
 * @param stream for a kept message, its stream; null for a notice, which has no offset (0) and no epoch (null)
 */
public record Payload(String origin, long sentAtMillis, Target target, StreamKey stream, long offset, String epoch,
        String frame) {

    private static final String NOTICE = "c1 ";
    private static final String KEPT = "c2 ";

    /** A notice: not kept, no offset. */
    public Payload(String origin, long sentAtMillis, Target target, String frame) {
        this(origin, sentAtMillis, target, null, 0, null, frame);
    }

    public boolean isKept() {
        return stream != null;
    }

    /** Builds the text once per envelope; the same text goes to every channel the envelope is for. */
    public String encode() {
        if (isKept()) {
            return keptPrefix(origin, sentAtMillis, target, stream) + offset + ' ' + epoch + ' ' + frame;
        }
        return head(new StringBuilder(frame.length() + origin.length() + 64), NOTICE, origin, sentAtMillis, target)
                .append(frame).toString();
    }

    /** A kept message's payload up to its offset: the history script appends {@code <offset> <epoch> <frame>}. */
    public static String keptPrefix(String origin, long sentAtMillis, Target target, StreamKey stream) {
        return field(head(new StringBuilder(128), KEPT, origin, sentAtMillis, target), stream.id()).toString();
    }

    /** @throws IllegalArgumentException if the text is not a payload of either format */
    public static Payload decode(String text) {
        boolean kept = text.startsWith(KEPT);
        if (!kept && !text.startsWith(NOTICE)) {
            throw new IllegalArgumentException("not a chat payload (version)");
        }
        int space = text.indexOf(' ', NOTICE.length());
        if (space < 0 || space + 1 >= text.length()) {
            throw new IllegalArgumentException("not a chat payload (time)");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(text, NOTICE.length(), space, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a chat payload (time)");
        }
        Reader in = new Reader(text, space + 2);
        String origin = in.field();
        Target target = switch (text.charAt(space + 1)) {
            case 'R' -> Target.room(in.field());
            case 'U' -> Target.user(in.field());
            case 'C' -> new Target.Conversation(in.field(), in.field());
            case 'W' -> Target.watchers(in.field());
            case 'Q' -> Target.roomChange(in.field());
            case 'T' -> Target.roomTyping(in.field(), in.field());
            case 'Y' -> Target.userTyping(in.field(), in.field());
            default -> throw new IllegalArgumentException("not a chat payload (target)");
        };
        if (!kept) {
            return new Payload(origin, sentAt, target, text.substring(in.at));
        }
        StreamKey stream = stream(in.field());
        long offset = in.number();
        String epoch = in.word();
        return new Payload(origin, sentAt, target, stream, offset, epoch, text.substring(in.at));
    }

    private static StringBuilder head(StringBuilder out, String version, String origin, long sentAtMillis,
            Target target) {
        out.append(version).append(sentAtMillis).append(' ');
        if (target instanceof Target.Room room) {
            return field(field(out.append('R'), origin), room.name());
        }
        if (target instanceof Target.User user) {
            return field(field(out.append('U'), origin), user.name());
        }
        if (target instanceof Target.Conversation conversation) {
            return field(field(field(out.append('C'), origin), conversation.from()), conversation.to());
        }
        if (target instanceof Target.Watchers watchers) {
            return field(field(out.append('W'), origin), watchers.user());
        }
        if (target instanceof Target.RoomChange change) {
            return field(field(out.append('Q'), origin), change.room());
        }
        if (target instanceof Target.RoomTyping typing) {
            return field(field(field(out.append('T'), origin), typing.room()), typing.typist());
        }
        if (target instanceof Target.UserTyping typing) {
            return field(field(field(out.append('Y'), origin), typing.user()), typing.typist());
        }
        throw new IllegalArgumentException("no payload for " + target);
    }

    private static StringBuilder field(StringBuilder out, String value) {
        return out.append(value.length()).append(':').append(value);
    }

    /** The inverse of {@link StreamKey#id()}. */
    private static StreamKey stream(String id) {
        StreamKey stream = StreamKey.parse(id);
        if (stream == null) {
            throw new IllegalArgumentException("not a chat payload (stream)");
        }
        return stream;
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

        /** Up to the next space, which it skips. */
        String word() {
            int space = text.indexOf(' ', at);
            if (space <= at) {
                throw new IllegalArgumentException("not a chat payload (offset or epoch)");
            }
            String word = text.substring(at, space);
            at = space + 1;
            return word;
        }

        long number() {
            String word = word();
            try {
                long value = Long.parseLong(word);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new IllegalArgumentException("not a chat payload (offset)");
        }
    }
}
