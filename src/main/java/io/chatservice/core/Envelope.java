package io.chatservice.core;

/**
 * A frame, already encoded once, and who it is for.
 *
 * @param receivedAt {@link System#nanoTime()} when the message that caused it arrived, for the latency timer
 * @param route for a private message with {@code chat.broker=redis}: the nodes its users are on; null otherwise
 * @param stream for a kept message, the stream whose history has it; null for notices, which are not kept
 * @param offset for a kept message, its offset in {@code stream}; 0 otherwise
 */
public record Envelope(Target target, String frame, long receivedAt, Route route, StreamKey stream, long offset) {

    public Envelope(Target target, String frame, long receivedAt, Route route) {
        this(target, frame, receivedAt, route, null, 0);
    }

    public Envelope(Target target, String frame, long receivedAt) {
        this(target, frame, receivedAt, null);
    }

    /** An envelope for a frame caused by something that happened just now. */
    public Envelope(Target target, String frame) {
        this(target, frame, System.nanoTime());
    }

    public boolean isKept() {
        return stream != null;
    }
}
