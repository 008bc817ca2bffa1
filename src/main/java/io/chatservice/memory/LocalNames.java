package io.chatservice.memory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chatservice.identity.Admitted;
import io.chatservice.identity.NameHolds;
import io.chatservice.identity.Names;
import io.chatservice.protocol.ProtocolException;

/** Names held in this process ({@code chat.broker=memory}): every answer is ready at once. */
public class LocalNames implements Names {

    private final NameHolds holds;

    public LocalNames(NameHolds holds) {
        this.holds = holds;
    }

    @Override
    public CompletionStage<Admitted> admitWithKey(String name, String key) {
        try {
            return CompletableFuture.completedFuture(holds.admitWithKey(name, key));
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Admitted> admitProven(String name) {
        try {
            return CompletableFuture.completedFuture(holds.admitProven(name));
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void disconnected(String name) {
        holds.disconnected(name);
    }

    @Override
    public CompletionStage<Boolean> claim(String name) {
        return CompletableFuture.completedFuture(holds.claim(name));
    }

    @Override
    public CompletionStage<Void> release(String name) {
        holds.release(name);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> isClaimed(String name) {
        return CompletableFuture.completedFuture(holds.isClaimed(name));
    }

    @Override
    public CompletionStage<String> endClaim(String name) {
        return CompletableFuture.completedFuture(holds.endClaim(name));
    }
}
