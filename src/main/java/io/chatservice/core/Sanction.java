package io.chatservice.core;

/** A ban or a mute: in force until its end. */
public interface Sanction {

    /** When it ends, milliseconds since the epoch. */
    long untilMs();

    default boolean isActive(long nowMs) {
        return untilMs() > nowMs;
    }
}
