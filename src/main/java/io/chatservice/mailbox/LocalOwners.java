package io.chatservice.mailbox;

import io.chatservice.identity.LocalLastSeen;
import io.chatservice.identity.NameHolds;

/**
 * Whose mailbox a private message to an offline user goes to, in this process ({@code chat.broker=memory}). In
 * {@code names} mode, the key the name is claimed for: an unclaimed name is free once its holder leaves, and a
 * mailbox for it would go to whoever takes it next. In {@code jwt} mode, the token's subject, if it was seen within
 * {@code chat.offline.retention}. An owner is a string that is equal for the same owner only.
 */
public class LocalOwners {

    /** The owner in {@code jwt} mode, where the token proves the subject: a key hash is never this. */
    static final String SUBJECT = "subject";

    private final NameHolds holds;
    /** Null in {@code names} mode. */
    private final LocalLastSeen lastSeen;

    /** @param lastSeen null in {@code names} mode */
    public LocalOwners(NameHolds holds, LocalLastSeen lastSeen) {
        this.holds = holds;
        this.lastSeen = lastSeen;
    }

    /** The owner to keep a message for now, or null: nothing is kept, and the sender is told the user is offline. */
    String keeping(String user) {
        if (lastSeen != null) {
            return lastSeen.isRecent(user) ? SUBJECT : null;
        }
        return holds.claimedKeyHash(user);
    }

    /** Who the user's mailbox may be handed to now; null: nobody, and what it holds is for nobody any more. */
    String current(String user) {
        if (lastSeen != null) {
            return lastSeen.isRecent(user) ? SUBJECT : null;
        }
        return holds.keyHash(user);
    }

    /** Forgets what no mailbox needs any more. */
    void purge() {
        if (lastSeen != null) {
            lastSeen.purge();
        }
    }
}
