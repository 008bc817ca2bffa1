package io.chatservice.bench.client;

import io.vertx.core.buffer.Buffer;

/**
 * The text a measured message carries: {@code B<send nanos>.<pair>}. Every server hands the text back inside a frame
 * with an {@code "info":"…"} field (the service and Node in their own frame, the seed and the floor in the frame as
 * sent), so the receiver finds it there without decoding the frame to a String or parsing its JSON.
 */
public final class Payload {

    private static final byte[] MARK = "\"info\":\"B".getBytes();

    private Payload() {
    }

    public static String groupMessage(long sendNanos) {
        return "{\"info\":\"B" + sendNanos + ".0\"}";
    }

    public static String privateMessage(String toUser, long sendNanos, int pair) {
        return "{\"to_user\":\"" + toUser + "\",\"info\":\"B" + sendNanos + "." + pair + "\"}";
    }

    /**
     * @return the send nanos and pair of a measured message, or null for any other frame (presence, join, …)
     */
    public static long[] parse(Buffer frame) {
        int n = frame.length();
        int at = indexOfMark(frame, n);
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

    private static int indexOfMark(Buffer frame, int n) {
        outer:
        for (int i = 0; i <= n - MARK.length; i++) {
            for (int j = 0; j < MARK.length; j++) {
                if (frame.getByte(i + j) != MARK[j]) {
                    continue outer;
                }
            }
            return i + MARK.length;
        }
        return -1;
    }
}
