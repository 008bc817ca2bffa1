package io.chatservice.mailbox;

import java.util.concurrent.CompletionStage;

/**
 * The reading side of offline users' mailboxes: {@link io.chatservice.memory.MemoryMailboxes} in this process, or the
 * Redis ones. What goes in is written by {@link io.chatservice.core.Delivery#append}, together with the message's
 * history. Never blocks; a stage fails with a {@link io.chatservice.protocol.ProtocolException} ({@code UNAVAILABLE})
 * when the mailboxes cannot be reached now.
 */
public interface Mailboxes {

    /**
     * What the user's mailbox holds now, for a private connection of theirs that was just let in under the name: the
     * letters of the key the name is held by (or of the token's subject), never those kept for an earlier holder.
     *
     * @param identity the connection's identity ({@link io.chatservice.core.Identity}), whose conversations the
     *        letters are in
     */
    CompletionStage<Mail> open(String user, String identity);

    /** The mail was written to a connection of the user: its letters leave the mailbox (later ones stay). */
    CompletionStage<Void> delivered(String user, Mail mail);
}
