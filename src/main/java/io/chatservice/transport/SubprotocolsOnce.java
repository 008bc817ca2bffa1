package io.chatservice.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Keeps each WebSocket subprotocol the server supports once in its options. The server's options came out of Quarkus
 * with {@code chat} in them twice, and Vert.x joins the list into the Netty handshaker of every upgrade, which splits
 * it and keeps the parts for the connection's life: the second {@code chat} cost each open connection a string and
 * an array slot (48 bytes) and chose nothing, as the first match wins. The list is replaced by one that ignores an
 * entry it has already, so the order in which this and WebSockets Next's own customizer run does not matter.
 */
@Singleton
public class SubprotocolsOnce implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        once(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        once(options);
    }

    @Override
    public void customizeDomainSocketServer(HttpServerOptions options) {
        once(options);
    }

    static void once(HttpServerOptions options) {
        List<String> offered = options.getWebSocketSubProtocols();
        if (!(offered instanceof Distinct)) {
            options.setWebSocketSubProtocols(new Distinct(offered));
        }
    }

    /** A list that adds an entry only if it does not hold it yet; in the order of the first additions. */
    static final class Distinct extends ArrayList<String> {

        Distinct(Collection<String> from) {
            if (from != null) {
                addAll(from);
            }
        }

        @Override
        public boolean add(String entry) {
            return !contains(entry) && super.add(entry);
        }

        @Override
        public boolean addAll(Collection<? extends String> entries) {
            boolean changed = false;
            for (String entry : entries) {
                changed |= add(entry);
            }
            return changed;
        }
    }
}
