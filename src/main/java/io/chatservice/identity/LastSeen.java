package io.chatservice.identity;

/**
 * When each user last had a connection, in {@code jwt} mode: a token's subject has no claim to keep its name, so a
 * private message to it while it is offline is kept only if it was seen within {@code chat.offline.retention}.
 * Recorded when a connection is admitted and when it closes; never blocks, and a failure to record is not the
 * connection's concern.
 */
public interface LastSeen {

    void seen(String user);
}
