package io.chatservice.protocol;

/** The two kinds of connection the service takes, one per endpoint family. */
public enum ChatChannel {
    /** {@code /groupchat/...}: in rooms. */
    GROUP,
    /** {@code /privateChat/...}: reachable by private messages. */
    PRIVATE
}
