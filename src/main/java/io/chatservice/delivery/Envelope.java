package io.chatservice.delivery;

/** A frame, already encoded once, and who it is for. */
public record Envelope(Target target, String frame) {
}
