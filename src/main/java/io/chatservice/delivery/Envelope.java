package io.chatservice.delivery;

/**
 * A frame, already encoded once, and who it is for.
 *
 * @param receivedAt {@link System#nanoTime()} when the message that caused it arrived, for the latency timer
 * @param route for a private message with {@code chat.broker=redis}: the nodes its users are on; null otherwise
 */
public record Envelope(Target target, String frame, long receivedAt, io.chatservice.cluster.Route route) {

    public Envelope(Target target, String frame, long receivedAt) {
        this(target, frame, receivedAt, null);
    }

    /** An envelope for a frame caused by something that happened just now. */
    public Envelope(Target target, String frame) {
        this(target, frame, System.nanoTime(), null);
    }
}
