package io.chatservice.memory;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.core.Friends;
import io.chatservice.core.Stages;

/** Who each user wrote to, in this process ({@code chat.broker=memory}). */
@Singleton
@Typed(MemoryFriends.class)
public class MemoryFriends implements Friends {

    private static final long RENEW_EVERY_NANOS = 60_000_000_000L;

    private final LocalOwners owners;
    private final OwnedNames wrote;
    /**
     * A name written to again within this long is not added again: every message of a conversation would otherwise
     * take the map's lock and move the name, to change when it expires by less than this.
     */
    private final long renewAfterNanos;

    @Inject
    public MemoryFriends(LocalOwners owners, ChatConfig config) {
        this(owners, config.history().ttl());
    }

    /** @param ttl how long a name written to stays a friend: the conversation history's */
    MemoryFriends(LocalOwners owners, java.time.Duration ttl) {
        this.owners = owners;
        this.wrote = new OwnedNames(owners::current, ttl.toNanos(), 0);
        this.renewAfterNanos = Math.min(RENEW_EVERY_NANOS, ttl.toNanos() / 2);
    }

    @Override
    public CompletionStage<Void> wrote(String user, String peer) {
        String owner = owners.current(user);
        if (owner != null && !wrote.addedWithin(user, owner, peer, renewAfterNanos)) {
            wrote.add(user, owner, peer);
        }
        return Stages.DONE;
    }

    /** Whether the user's {@code owner} wrote to {@code peer} lately. */
    boolean isFriend(String user, String owner, String peer) {
        return wrote.contains(user, owner, peer);
    }
}
