package io.chatservice.delivery;

import java.util.concurrent.CompletionStage;

/** Delivery within one service instance: the default, needing no other process. */
public class InMemoryDelivery implements Delivery {

    private final LocalFanout fanout;

    public InMemoryDelivery(LocalFanout fanout) {
        this.fanout = fanout;
    }

    @Override
    public CompletionStage<Void> publish(Envelope envelope) {
        fanout.deliver(envelope);
        return DONE;
    }

    /** A placeholder until the memory history is on main: it replaces this whole class. */
    @Override
    public CompletionStage<io.chatservice.history.Appended> append(io.chatservice.history.Outgoing message) {
        return java.util.concurrent.CompletableFuture.failedFuture(new UnsupportedOperationException(
                "history in memory is not built yet"));
    }

    @Override
    public CompletionStage<Void> follow(String room) {
        return DONE;
    }

    @Override
    public void unfollow(String room) {
    }
}
