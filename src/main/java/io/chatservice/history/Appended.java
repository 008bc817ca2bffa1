package io.chatservice.history;

/**
 * The answer to a message that was kept and published.
 *
 * @param duplicate the sender had sent a message with the same {@code cid} within {@code chat.history.cid-window}:
 *        this one was not kept or delivered again, and {@code kept} is the first one
 * @param queued a private message kept for an addressee who is offline, delivered when they connect
 */
public record Appended(Kept kept, boolean duplicate, boolean queued) {
}
