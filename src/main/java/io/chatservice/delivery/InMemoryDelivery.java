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

    @Override
    public CompletionStage<Void> follow(String room) {
        return DONE;
    }

    @Override
    public void unfollow(String room) {
    }
}
