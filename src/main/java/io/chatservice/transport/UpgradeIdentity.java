package io.chatservice.transport;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Takes Quarkus' HTTP security identity off a WebSocket upgrade request, so that the connection does not hold the
 * request for its whole life. Quarkus security is in the build for SmallRye JWT, so every request is given an identity
 * (an anonymous one: no HTTP authentication mechanism is enabled), and WebSockets Next keeps the upgrade's
 * {@code RoutingContext}, with its request, response, headers and data, in each connection that has one, for identity
 * updates and expiry. The service uses neither: {@code names} mode proves a name by its key, and {@code jwt} mode
 * verifies the token itself ({@code TokenProof}) and closes the connection when the token expires
 * ({@code TokenExpiry}). Without an identity WebSockets Next keeps nothing of the request: about 2 KiB less per idle
 * connection in either mode.
 * <p>
 * Runs after Quarkus' authentication and authorization handlers, before the WebSocket endpoints' routes.
 */
@Singleton
public class UpgradeIdentity {

    private static final int PRIORITY = SecurityHandlerPriorities.AUTHORIZATION - 1;

    void register(@Observes Filters filters) {
        filters.register(UpgradeIdentity::forget, PRIORITY);
    }

    static void forget(RoutingContext routing) {
        if (routing.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
            routing.clearUser();
            routing.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        }
        routing.next();
    }
}
