package io.chatservice.identity;

import java.util.concurrent.CompletionStage;

/**
 * Who holds each name, over the whole cluster: {@link io.chatservice.memory.LocalNames} in this process's memory, or
 * the Redis one. A stage that refuses fails with a {@link io.chatservice.protocol.ProtocolException}
 * ({@code NAME_TAKEN}, {@code TOO_MANY_CONNECTIONS}, {@code UNAVAILABLE}). See {@link NameHolds} for the rules. Names
 * are held by their form ({@link io.chatservice.protocol.NameForms#userForm}); a name is given and answered as its
 * holder spells it.
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

    /** Whether this spelling of the name is claimed now (a claim frame then renews it rather than making one). */
    CompletionStage<Boolean> isClaimed(String name);

    /**
     * An operator ends the claim of the name's form, whichever spelling holds it; its connections stay, and the name
     * is free once they close.
     *
     * @return the spelling whose claim ended, or null if the name's form was not claimed
     */
    CompletionStage<String> endClaim(String name);
}
