package io.chatservice.ws;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Sizes what WebSockets Next allocates for every connection, before the first one arrives. Each connection gets a
 * queue for its callbacks that wait their turn, and Mutiny's default first chunk of 256 slots is about 1 KiB of heap
 * on every idle connection. A connection rarely has more than a few callbacks waiting, and the queue grows by more
 * chunks when it does. The service itself uses no Mutiny buffer that this would make smaller.
 */
@Singleton
public class ConnectionFootprint {

    static final int CALLBACK_QUEUE_CHUNK = 16;

    void trim(@Observes @Priority(1) StartupEvent event) {
        Infrastructure.setBufferSizeS(CALLBACK_QUEUE_CHUNK);
    }
}
