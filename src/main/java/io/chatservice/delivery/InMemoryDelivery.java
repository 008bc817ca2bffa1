package io.chatservice.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** Delivery within one service instance: the default, needing no other process. */
@DefaultBean
@ApplicationScoped
public class InMemoryDelivery implements Delivery {

    private final LocalFanout fanout;

    public InMemoryDelivery(LocalFanout fanout) {
        this.fanout = fanout;
    }

    @Override
    public void publish(Envelope envelope) {
        fanout.deliver(envelope);
    }
}
