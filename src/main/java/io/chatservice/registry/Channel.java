package io.chatservice.registry;

/** The two kinds of connection the service takes, one per endpoint family. */
public enum Channel {
    /** {@code /groupchat/...}: in rooms. */
    GROUP,
    /** {@code /privateChat/...}: reachable by private messages. */
    PRIVATE
}
