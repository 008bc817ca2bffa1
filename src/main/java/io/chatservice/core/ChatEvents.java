package io.chatservice.core;

import io.chatservice.history.Kept;

/**
 * What the application's backend hears of (as webhooks), each decided once for the whole cluster by whichever node
 * decided it: a user's first and last connection on the private channel anywhere, a room's first member and its
 * last, and a private message kept for an offline user. A reap of
 * a dead node or a clean stop counts as the leaves it means. Called on whatever thread learnt it; never blocks.
 */
public interface ChatEvents {

    /** Nobody is told. */
    ChatEvents NONE = new ChatEvents() {
    };

    /** The user's first private connection anywhere: private messages to them are delivered, not kept. */
    default void online(String user) {
    }

    /** The user's last private connection anywhere closed: private messages to them are kept from now on. */
    default void offline(String user) {
    }

    /** The room's first member anywhere entered it. */
    default void occupied(String room) {
    }

    /** The room's last member anywhere left it. */
    default void vacated(String room) {
    }

    /** A private message from {@code from} was kept in the mailbox of {@code to}, who is offline. */
    default void queued(String from, String to, Kept kept) {
    }
}
