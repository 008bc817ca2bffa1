package io.chatservice.rest;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.admission.Admission;
import io.chatservice.api.ApiKeys;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.metrics.Refusal;
import io.chatservice.protocol.ErrorCode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Holds every {@code /api/*} request to its client address's budget ({@link RestRates}) before it reaches a
 * resource; one over it gets 429 with {@code Retry-After} and an {@link ApiError} ({@code RATE_LIMITED}). The page,
 * health and metrics paths are not counted. The address is the one the WebSocket upgrades are counted by: the
 * peer's, or behind a trusted proxy the one it forwards (Quarkus puts it in the request before any filter). An action
 * (not a GET) with a valid server API key is not counted here: its caller has a rate of its own
 * ({@code chat.api.rate}).
 */
@Singleton
public class RestRateFilter {

    static final String API = "/api/";
    /** Before the resources are routed, after Quarkus' own early filters (HeadDeadlines runs at 100 000). */
    private static final int PRIORITY = 90_000;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final Logger LOG = Logger.getLogger(Admission.AUDIT);

    private final RestRates rates;
    private final ApiKeys keys;
    private final ChatMetrics metrics;
    private final ObjectMapper mapper;

    public RestRateFilter(RestRates rates, ApiKeys keys, ChatMetrics metrics, ObjectMapper mapper) {
        this.rates = rates;
        this.keys = keys;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    void register(@Observes Filters filters) {
        if (!rates.isUnlimited()) {
            filters.register(this::check, PRIORITY);
        }
    }

    void check(RoutingContext routing) {
        String path = routing.normalizedPath();
        if (!path.startsWith(API)) {
            routing.next();
            return;
        }
        // A backend acting with a valid key is held to its own rate (chat.api.rate, taken by ApiKeys.require, which
        // every action calls), not its address's: it sits behind one address with many users' traffic. Reads (GET)
        // need no key where presence is public, so they stay counted by address; so do tokens and wrong keys, so
        // that guessing keys or sending tokens that do not verify costs the address's budget.
        boolean reads = routing.request().method() == HttpMethod.GET;
        if (!reads && keys.presentsKey(routing.request().getHeader("Authorization"))) {
            routing.next();
            return;
        }
        SocketAddress peer = routing.request().remoteAddress();
        String address = peer == null ? "unknown" : peer.hostAddress();
        int cost = reads ? rates.cost(path, routing.request().getParam("limit")) : 1;
        long retryAfterMs = rates.take(address, cost);
        if (retryAfterMs == 0) {
            routing.next();
            return;
        }
        long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
        metrics.refused(Refusal.REST_RATE);
        LOG.debugf("refused %s from %s: over the REST rate", path, address);
        routing.response().setStatusCode(TOO_MANY_REQUESTS)
                .putHeader("Retry-After", Long.toString(seconds))
                .putHeader("Content-Type", "application/json")
                .end(body(seconds));
    }

    private String body(long seconds) {
        try {
            return mapper.writeValueAsString(new ApiError(ErrorCode.RATE_LIMITED.name(),
                    "too many API requests from your address; try again in " + seconds + " s"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ApiError always encodes", e);
        }
    }
}
