package io.chatservice.memory;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.identity.LastSeen;
import io.chatservice.identity.NameHolds;

/**
 * Whose mailbox a private message to an offline user goes to, in this process ({@code chat.broker=memory}). In
 * {@code names} mode, the key the name is claimed for: an unclaimed name is free once its holder leaves, and a
 * mailbox for it would go to whoever takes it next. In {@code jwt} mode, the token's subject, if it was seen within
 * {@code chat.offline.retention}. An owner is a string that is equal for the same owner only. What else belongs to a
 * user (the names they wrote to, those they block) belongs to the same owner, so that a newcomer under a freed name
 * inherits none of it.
 */
@Singleton
public class LocalOwners {

    /** The owner in {@code jwt} mode, where the token proves the subject: a key hash is never this. */
    static final String SUBJECT = "subject";

    private final NameHolds holds;
    /** Null in {@code names} mode. */
    private final LocalLastSeen lastSeen;

    @Inject
    public LocalOwners(NameHolds holds, LastSeen lastSeen, ChatConfig config) {
        this(holds, config.identity().mode() == IdentityMode.JWT && lastSeen instanceof LocalLastSeen local ? local
                : null);
    }

    /** @param lastSeen null in {@code names} mode */
    public LocalOwners(NameHolds holds, LocalLastSeen lastSeen) {
        this.holds = holds;
        this.lastSeen = lastSeen;
    }

    /** The owner to keep a message for now, or null: nothing is kept, and the sender is told the user is offline. */
    public String keeping(String user) {
        if (lastSeen != null) {
            return lastSeen.isRecent(user) ? SUBJECT : null;
        }
        return holds.claimedKeyHash(user);
    }

    /**
     * Who holds the name now, claimed or connected (the subject in {@code jwt} mode): the owner a mailbox may be
     * handed to, and whose names written to and blocks apply; null: nobody.
     */
    public String current(String user) {
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
