package io.chatservice.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code type} of a frame, as it is written on the wire. */
public enum FrameType {
    MESSAGE("message"),
    JOIN("join"),
    LEAVE("leave"),
    PRESENCE("presence"),
    ERROR("error"),
    WELCOME("welcome"),
    CLAIMED("claimed"),
    RELEASED("released");

    private final String wire;

    FrameType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
