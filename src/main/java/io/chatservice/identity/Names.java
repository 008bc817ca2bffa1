package io.chatservice.identity;

import java.util.concurrent.CompletionStage;

/**
 * Who holds each name, over the whole cluster: {@link LocalNames} in this process's memory, or the Redis one. A
 * stage that refuses fails with a {@link io.chatservice.protocol.ProtocolException} ({@code NAME_TAKEN},
 * {@code TOO_MANY_CONNECTIONS}, {@code UNAVAILABLE}). See {@link NameHolds} for the rules.
 */
public interface Names {

    /** Takes a connection under a name, proven by its key (null if it presented none). */
    CompletionStage<Admitted> admitWithKey(String name, String key);

    /** Takes a connection under a name its token has proven. */
    CompletionStage<Admitted> admitProven(String name);

    /** One of the name's connections on this node closed. */
    void disconnected(String name);

    /** @return false if the name is proven by tokens, not held by a key: there is nothing to keep */
    CompletionStage<Boolean> claim(String name);

    /** Gives a claim up: the name is free again once its last connection closes. */
    CompletionStage<Void> release(String name);
}
