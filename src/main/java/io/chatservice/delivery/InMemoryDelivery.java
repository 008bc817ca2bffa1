package io.chatservice.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chatservice.history.Appended;
import io.chatservice.history.MemoryHistory;
import io.chatservice.history.Outgoing;

/** Delivery within one service instance: the default, needing no other process. */
public class InMemoryDelivery implements Delivery {

    private final LocalFanout fanout;
    private final MemoryHistory history;

    public InMemoryDelivery(LocalFanout fanout, MemoryHistory history) {
        this.fanout = fanout;
        this.history = history;
    }

    @Override
    public CompletionStage<Void> publish(Envelope envelope) {
        fanout.deliver(envelope);
        return DONE;
    }

    @Override
    public CompletionStage<Appended> append(Outgoing message) {
        return CompletableFuture.completedFuture(history.append(message, fanout::deliver));
    }

    @Override
    public CompletionStage<Void> follow(String room) {
        return DONE;
    }

    @Override
    public void unfollow(String room) {
    }
}
