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
    RELEASED("released"),
    /** The answer to a client frame that carried a {@code cid}. */
    ACK("ack"),
    /** Closes a run of history messages: the stream's epoch and newest offset, and whether a recovery was exact. */
    HISTORY("history"),
    /** Receipts to a private message's sender: the addressee's client has it, or has shown it. */
    DELIVERED("delivered"),
    READ("read"),
    /** The answers to {@code block} and {@code unblock}. */
    BLOCKED("blocked"),
    UNBLOCKED("unblocked"),
    /** The answer to {@code watch}: whom the connection watches, and which of them are online. */
    WATCHING("watching"),
    /** The answer to {@code lookup}: a page of online users. */
    USERS("users"),
    /** The answer to {@code members}: a page of a room's members. */
    MEMBERS("members"),
    /** Several comings and goings in a room, or, in a large room, its count alone. */
    CHANGES("changes"),
    /** Someone is typing in a room or to the connection's user; only to connections that asked for it. */
    TYPING("typing"),
    /** A kept message's new text, from its author or the backend. */
    EDITED("edited"),
    /** A kept message was removed by its author or the backend; history keeps its tombstone. */
    DELETED("deleted");

    private final String wire;

    FrameType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
