package io.chatservice.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Turns off the HTTP layer's per-connection timers: each open connection would hold a timer sample for its whole
 * life (about 300 bytes on every idle WebSocket), and {@code chat_connections} already counts the connections.
 */
@Singleton
public class ConnectionMeterFilter {

    static final String HTTP_CONNECTIONS = "http.server.connections";
    static final String WEBSOCKET_CONNECTIONS = "http.server.websocket.connections";

    @Produces
    @Singleton
    MeterFilter withoutPerConnectionTimers() {
        return MeterFilter.deny(id -> HTTP_CONNECTIONS.equals(id.getName())
                || WEBSOCKET_CONNECTIONS.equals(id.getName()));
    }
}
