package io.chatservice.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which identity ({@link Identity}) a private conversation with a name is with, over the whole cluster:
 * {@link io.chatservice.memory.LocalPeers} in this
 * process, or the Redis one. A message goes to the identity that holds the name now. For
 * reading a conversation (its history, a receipt), the name's holder now comes first; when nobody holds the name,
 * it is the identity under that name this user last talked with (remembered for {@code chat.history.ttl}), so that
 * a conversation stays readable after the other side's plain hold ended, and never mixes with a later holder's. In
 * {@code jwt} mode the name is the identity, and a message goes to it with nothing looked up; reading goes to the
 * identity last talked with under the name, which is the subject's unless it was the application's backend
 * (which writes under names of its choosing, as an identity of its own). Never blocks; a stage fails with
 * {@code UNAVAILABLE} when the cluster cannot be reached.
 */
public interface Peers {

    /** The identity the name is held by now, or null if nobody holds it. */
    CompletionStage<String> holder(String name);

    /** The identity under {@code peer} that the identity {@code identity} of {@code user} last talked with, or null. */
    CompletionStage<String> lastTalkedWith(String user, String identity, String peer);

    /** A message of the conversation was kept: each side remembers the other's identity. Best effort. */
    void talked(StreamKey conversation);

    /**
     * The conversation of the identity {@code identity} of {@code user} with {@code peer} to read: with the name's
     * holder now, else with the one last talked with, else with nobody (a conversation that has no history).
     */
    default CompletionStage<StreamKey> conversation(String user, String identity, String peer) {
        if (user.equals(peer)) {
            return CompletableFuture.completedFuture(StreamKey.conversation(user, identity, user, identity));
        }
        return holder(peer).thenCompose(held -> held != null ? CompletableFuture.completedFuture(held)
                : lastTalkedWith(user, identity, peer).thenApply(last -> last != null ? last : Identity.NOBODY))
                .thenApply(peerId -> StreamKey.conversation(user, identity, peer, peerId));
    }
}
