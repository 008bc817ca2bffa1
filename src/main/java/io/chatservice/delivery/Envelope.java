package io.chatservice.delivery;

/**
 * A frame, already encoded once, and who it is for.
 *
 * @param receivedAt {@link System#nanoTime()} when the message that caused it arrived, for the latency timer
 */
public record Envelope(Target target, String frame, long receivedAt) {

    /** An envelope for a frame caused by something that happened just now. */
    public Envelope(Target target, String frame) {
        this(target, frame, System.nanoTime());
    }
}
