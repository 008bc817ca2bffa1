package io.chatservice.cluster.redis;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.core.Stages;
import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.core.Friends;

/**
 * Who each user wrote to, over the cluster ({@code chat.broker=redis}): a SET per owner next to the user's mailbox
 * index ({@link MailboxScripts#WROTE}), read by the script that reserves a place in it. A conversation's messages
 * renew it once an hour per node, not on every message: the set lives {@code chat.history.ttl}, and a newcomer under a
 * freed name who writes to the same peer within that hour is a stranger to them a little longer, never a friend too
 * soon.
 */
@Singleton
@Typed(RedisFriends.class)
public class RedisFriends implements Friends {

    private static final long RENEW_EVERY_NANOS = 3_600_000_000_000L;
    /** Past this many remembered pairs the node starts remembering anew. */
    private static final int MOST_REMEMBERED = 50_000;

    private final StateConnection state;
    private final String mode;
    private final long ttlMillis;
    private final ConcurrentHashMap<String, Long> written = new ConcurrentHashMap<>();

    @Inject
    public RedisFriends(StateConnection state, ChatConfig config) {
        this(state, config.identity().mode(), config.history().ttl().toMillis());
    }

    public RedisFriends(StateConnection state, IdentityMode mode, long ttlMillis) {
        this.state = state;
        this.mode = RedisMailboxes.mode(mode);
        this.ttlMillis = ttlMillis;
    }

    @Override
    public CompletionStage<Void> wrote(String user, String peer) {
        String pair = user + '\n' + peer;
        long now = System.nanoTime();
        Long last = written.get(pair);
        if (last != null && now - last < RENEW_EVERY_NANOS) {
            return Stages.DONE;
        }
        if (written.size() >= MOST_REMEMBERED) {
            written.clear();
        }
        CompletionStage<Void> done = state.eval(MailboxScripts.WROTE, MailboxScripts.userPrefix(user), mode, peer,
                ttlMillis, user).thenApply(answer -> null);
        done.thenRun(() -> written.put(pair, now));
        return done;
    }
}
