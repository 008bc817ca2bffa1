package io.chatservice.bench.client;

import io.vertx.core.buffer.Buffer;

/**
 * The text a measured message carries: {@code B<send nanos>.<pair>}. Every server hands the text back inside a frame
 * with an {@code "info":"…"} field (the service and Node in their own frame, the seed and the floor in the frame as
 * sent), so the receiver finds it there without decoding the frame to a String or parsing its JSON.
 */
public final class Payload {

    private static final byte[] MARK = "\"info\":\"B".getBytes();
    private static final byte[] WELCOME = "\"type\":\"welcome\"".getBytes();
    private static final byte[] PRESENCE = "\"type\":\"presence\"".getBytes();
    private static final byte[] ERROR = "\"type\":\"error\"".getBytes();
    private static final byte[] KEY = "\"key\":\"".getBytes();

    private Payload() {
    }

    public static String groupMessage(long sendNanos) {
        return groupMessage(sendNanos, 0);
    }

    /** A group message whose pair field names the sender's node, in a cluster. */
    public static String groupMessage(long sendNanos, int node) {
        return "{\"info\":\"B" + sendNanos + "." + node + "\"}";
    }

    public static String privateMessage(String toUser, long sendNanos, int pair) {
        return "{\"to_user\":\"" + toUser + "\",\"info\":\"B" + sendNanos + "." + pair + "\"}";
    }

    /**
     * @return the send nanos and pair of a measured message, or null for any other frame (welcome, presence, join, …:
     *         their {@code info} is the server's own text, which never starts with {@code B})
     */
    public static long[] parse(Buffer frame) {
        int n = frame.length();
        int at = indexOf(frame, n, MARK);
        if (at < 0) {
            return null;
        }
        long nanos = 0;
        int i = at;
        for (; i < n; i++) {
            byte b = frame.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            nanos = nanos * 10 + (b - '0');
        }
        if (i >= n || frame.getByte(i) != '.') {
            return null;
        }
        long pair = 0;
        for (i++; i < n; i++) {
            byte b = frame.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            pair = pair * 10 + (b - '0');
        }
        return new long[] {nanos, pair};
    }

    /** Whether the frame is the {@code welcome} that a server holding names by key opens each connection with. */
    public static boolean isWelcome(Buffer frame) {
        return indexOf(frame, frame.length(), WELCOME) >= 0;
    }

    /** Whether the frame is a {@code presence} frame: on a build without welcome frames, a connection's first. */
    public static boolean isPresence(Buffer frame) {
        return indexOf(frame, frame.length(), PRESENCE) >= 0;
    }

    /** Whether the frame is an {@code error} frame: before the welcome, a refusal (the close follows). */
    public static boolean isError(Buffer frame) {
        return indexOf(frame, frame.length(), ERROR) >= 0;
    }

    /**
     * The key of a welcome frame ({@code {"type":"welcome",…,"key":"<43 characters>",…}}), which the name's further
     * connections present; null if it has none.
     */
    public static String welcomeKey(Buffer frame) {
        int n = frame.length();
        int at = indexOf(frame, n, KEY);
        if (at < 0) {
            return null;
        }
        int end = at;
        while (end < n && frame.getByte(end) != '"') {
            end++;
        }
        return end < n ? frame.getString(at, end, "US-ASCII") : null;
    }

    /** @return the index just past the first occurrence of {@code mark}, or -1 */
    private static int indexOf(Buffer frame, int n, byte[] mark) {
        outer:
        for (int i = 0; i <= n - mark.length; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (frame.getByte(i + j) != mark[j]) {
                    continue outer;
                }
            }
            return i + mark.length;
        }
        return -1;
    }
}
