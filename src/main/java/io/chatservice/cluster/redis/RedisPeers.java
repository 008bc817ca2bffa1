package io.chatservice.cluster.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.core.StreamKey;
import io.chatservice.core.Identity;
import io.chatservice.core.Peers;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * {@link Peers} over the cluster ({@code chat.broker=redis}). The holder is the key hash of the name's hold
 * ({@link NameScripts}); who talked with whom is {@code chat:{name:<user>}:peer:<identity>:<peer>}, a STRING of the
 * peer's identity in the user's own slot, expiring {@code chat.history.ttl} after their last message. Single
 * commands: nothing here needs two keys at once. A node writes a conversation's records at most once a minute, not
 * for every message: a minute is nothing against the ttl of days, and a lively conversation costs no writes.
 */
@Singleton
@Typed(RedisPeers.class)
public class RedisPeers implements Peers {

    private static final Logger LOG = Logger.getLogger(RedisPeers.class);
    private static final CompletionStage<String> SUBJECT = CompletableFuture.completedFuture(Identity.SUBJECT);

    private static final long REWRITE_AFTER_NANOS = 60_000_000_000L;
    /** Past this many conversations written within the minute, the older ones are forgotten (and written again). */
    private static final int MOST_REMEMBERED = 10_000;

    private final StateConnection state;
    private final boolean proven;
    private final long ttlMillis;
    /** When this node last wrote each conversation's records, by {@link System#nanoTime()}. */
    private final ConcurrentHashMap<StreamKey, Long> written = new ConcurrentHashMap<>();

    @Inject
    public RedisPeers(StateConnection state, ChatConfig config) {
        this(state, config.identity().mode() == IdentityMode.JWT, config.history().ttl().toMillis());
    }

    /** @param proven {@code jwt} mode: names are proven by tokens, and a name is its own identity */
    public RedisPeers(StateConnection state, boolean proven, long ttlMillis) {
        this.state = state;
        this.proven = proven;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public CompletionStage<String> holder(String name) {
        if (proven) {
            return SUBJECT;
        }
        // The hold is the name's form's: it is this name's only while its spelling is the one held.
        return state.send(Request.cmd(Command.HMGET).arg(NameScripts.holdKey(name)).arg("k").arg("n"))
                .thenApply(held -> {
                    Response key = held.get(0);
                    Response spelling = held.get(1);
                    return key == null || spelling != null && !name.equals(spelling.toString()) ? null
                            : Identity.ofKeyHash(key.toString());
                });
    }

    @Override
    public CompletionStage<String> lastTalkedWith(String user, String identity, String peer) {
        return state.send(Request.cmd(Command.GET).arg(key(user, identity, peer)))
                .thenApply(last -> last == null ? null : last.toString());
    }

    /**
     * In {@code jwt} mode a name is its subject's, unless the last conversation under it was with the application's
     * backend (which writes under names of its choosing, as an identity of its own): then that one.
     */
    @Override
    public CompletionStage<StreamKey> conversation(String user, String identity, String peer) {
        if (!proven || user.equals(peer)) {
            return Peers.super.conversation(user, identity, peer);
        }
        return lastTalkedWith(user, identity, peer).thenApply(last -> StreamKey.conversation(user, identity, peer,
                last != null ? last : Identity.SUBJECT));
    }

    @Override
    public void talked(StreamKey conversation) {
        if (conversation.isRoom()) {
            return;
        }
        long now = System.nanoTime();
        boolean[] due = new boolean[1];
        written.compute(conversation, (key, at) -> {
            due[0] = at == null || now - at >= REWRITE_AFTER_NANOS;
            return due[0] ? now : at;
        });
        if (!due[0]) {
            return;
        }
        if (written.size() > MOST_REMEMBERED) {
            written.values().removeIf(at -> now - at >= REWRITE_AFTER_NANOS);
        }
        remember(conversation.first(), conversation.firstId(), conversation.second(), conversation.secondId());
        if (!conversation.first().equals(conversation.second())) {
            remember(conversation.second(), conversation.secondId(), conversation.first(), conversation.firstId());
        }
    }

    private void remember(String user, String identity, String peer, String peerId) {
        state.send(Request.cmd(Command.SET).arg(key(user, identity, peer)).arg(peerId).arg("PX").arg(ttlMillis))
                .whenComplete((Response done, Throwable failure) -> {
                    if (failure != null) {
                        LOG.debugf("who %s talked with was not written: %s", user, failure.getMessage());
                    }
                });
    }

    static String key(String user, String identity, String peer) {
        return MailboxScripts.userPrefix(user) + "peer:" + identity + ":" + peer;
    }
}
