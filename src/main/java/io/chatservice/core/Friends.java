package io.chatservice.core;

import java.util.concurrent.CompletionStage;

/**
 * Who each user wrote to: a sender the mailbox's owner sent a private message to (within {@code chat.history.ttl}, as
 * long as the conversation's history) is a friend, and their messages are kept while the mailbox has room at all;
 * anyone else is a stranger, held to a share of it ({@link io.chatservice.mailbox.MailboxLimits}). Kept for the owner
 * of the writer's name, so that a newcomer under a freed name has no friends from before.
 * {@link io.chatservice.memory.MemoryFriends} in this process, or the Redis ones, next to the user's mailbox.
 */
public interface Friends {

    /**
     * The user's private message to {@code peer} was accepted. Never blocks; best effort: a failure leaves
     * {@code peer} a stranger a while longer.
     */
    CompletionStage<Void> wrote(String user, String peer);
}
