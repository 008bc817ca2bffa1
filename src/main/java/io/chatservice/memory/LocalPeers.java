package io.chatservice.memory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.chatservice.core.Peers;
import io.chatservice.core.Identity;
import io.chatservice.core.StreamKey;
import io.chatservice.identity.NameHolds;

/**
 * {@link Peers} in this process ({@code chat.broker=memory}): holders from {@link NameHolds}, and who talked with
 * whom in a map whose entries are dropped {@code chat.history.ttl} after the last message, by a sweep at most once
 * a minute, from a write. Lost on a restart, like the history it points into.
 */
public class LocalPeers implements Peers {

    private static final long SWEEP_EVERY_NANOS = 60_000_000_000L;
    private static final CompletionStage<String> SUBJECT = CompletableFuture.completedFuture(Identity.SUBJECT);

    private final NameHolds holds;
    private final boolean proven;
    private final long ttlNanos;
    /** The user's identity and the peer's name to the peer's identity and when they last talked. */
    private final ConcurrentHashMap<TalkKey, Talk> talks = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime() + SWEEP_EVERY_NANOS);

    /** @param proven {@code jwt} mode: names are proven by tokens, and a name is its own identity */
    public LocalPeers(NameHolds holds, boolean proven, long ttlNanos) {
        this.holds = holds;
        this.proven = proven;
        this.ttlNanos = ttlNanos;
    }

    @Override
    public CompletionStage<String> holder(String name) {
        return proven ? SUBJECT : CompletableFuture.completedFuture(Identity.ofKeyHash(holds.keyHash(name)));
    }

    @Override
    public CompletionStage<String> lastTalkedWith(String user, String identity, String peer) {
        Talk talk = talks.get(key(user, identity, peer));
        boolean live = talk != null && System.nanoTime() - talk.at <= ttlNanos;
        return CompletableFuture.completedFuture(live ? talk.peerId : null);
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
        sweepIfDue(now);
        record(key(conversation.first(), conversation.firstId(), conversation.second()), conversation.secondId(), now);
        record(key(conversation.second(), conversation.secondId(), conversation.first()), conversation.firstId(), now);
    }

    /** Renewed at most once a minute (or half the ttl): a conversation's every message need not write it again. */
    private void record(TalkKey key, String peerId, long now) {
        Talk talk = talks.get(key);
        long renewAfter = Math.min(SWEEP_EVERY_NANOS, ttlNanos / 2);
        if (talk == null || !talk.peerId.equals(peerId) || now - talk.at > renewAfter) {
            talks.put(key, new Talk(peerId, now));
        }
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            talks.values().removeIf(talk -> now - talk.at > ttlNanos);
        }
    }

    /** A record rather than one string: each message looks up two keys, and a record's parts hash once each. */
    private static TalkKey key(String user, String identity, String peer) {
        return new TalkKey(user, identity, peer);
    }

    private record TalkKey(String user, String identity, String peer) {
    }

    private record Talk(String peerId, long at) {
    }
}
