package io.chatservice.admission;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.metrics.Refusal;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ConnectionRegistry;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The rules an upgrade meets before it becomes a connection: its page's origin, this node's capacity, and its
 * address's upgrade rate. A page on a site that is not allowed gets 403 and nothing else. A browser never sees the
 * status of a refused upgrade, so one that would be refused for capacity or rate (a browser sends {@code Origin}) is
 * let in instead and then refused with an error frame and a close reason ({@link Admission}); any other client gets
 * 503 or 429 with {@code Retry-After}.
 */
@ApplicationScoped
public class UpgradeGate implements HttpUpgradeCheck {

    static final TypedKey<String> ADDRESS = new TypedKey<>("chat.address");
    static final TypedKey<String> ORIGIN = new TypedKey<>("chat.origin");
    static final TypedKey<ProtocolException> REFUSAL = new TypedKey<>("chat.refusal");

    private static final Logger LOG = Logger.getLogger(Admission.AUDIT);
    private static final int FORBIDDEN = 403;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int SERVICE_UNAVAILABLE = 503;
    private static final long SERVER_FULL_RETRY_MS = 5_000;

    private final OriginPolicy origins;
    private final UpgradeRates rates;
    private final ConnectionRegistry registry;
    private final ChatMetrics metrics;
    private final int maxConnections;

    public UpgradeGate(OriginPolicy origins, UpgradeRates rates, ConnectionRegistry registry, ChatMetrics metrics,
            ChatConfig config) {
        this.origins = origins;
        this.rates = rates;
        this.registry = registry;
        this.metrics = metrics;
        this.maxConnections = config.limits().maxConnections();
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String address = address(request.remoteAddress());
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request)) {
            metrics.refused(Refusal.ORIGIN);
            LOG.infof("refused upgrade of %s from %s: origin %s is not allowed", request.path(), address, origin);
            return CheckResult.rejectUpgrade(FORBIDDEN);
        }
        context.userData().put(ADDRESS, address);
        if (origin != null) {
            context.userData().put(ORIGIN, origin);
        }
        if (maxConnections > 0 && registry.connectionCount() >= maxConnections) {
            return refuse(context, origin, SERVICE_UNAVAILABLE, ProtocolException.retryLater(ErrorCode.SERVER_FULL,
                    "the server is full; try again later", SERVER_FULL_RETRY_MS), address);
        }
        long retryAfterMs = rates.take(address);
        if (retryAfterMs > 0) {
            return refuse(context, origin, TOO_MANY_REQUESTS, ProtocolException.retryLater(ErrorCode.RATE_LIMITED,
                    "too many connections opened from your address; try again later", retryAfterMs), address);
        }
        return CheckResult.permitUpgrade();
    }

    private Uni<CheckResult> refuse(HttpUpgradeContext context, String origin, int status, ProtocolException refusal,
            String address) {
        if (origin != null) {
            context.userData().put(REFUSAL, refusal); // told in a frame once the browser's connection opens
            return CheckResult.permitUpgrade();
        }
        metrics.refused(Refusal.of(refusal.code()));
        LOG.infof("refused upgrade of %s from %s with %d: %s", context.httpRequest().path(), address, status,
                refusal.reason());
        long seconds = Math.max(1, (refusal.retryAfterMs() + 999) / 1000);
        return CheckResult.rejectUpgrade(status, Map.of("Retry-After", List.of(Long.toString(seconds))));
    }

    /**
     * The client's IP address as text. {@link SocketAddress#hostAddress()} makes a new string on every call, while the
     * connection keeps the same text as its {@link SocketAddress#host()} for its life: that one is taken when the two
     * are equal (a socket accepted from an IP address), so that each session does not keep a copy of its own.
     */
    static String address(SocketAddress remote) {
        String ip = remote.hostAddress();
        String host = remote.host();
        return ip != null && ip.equals(host) ? host : ip;
    }

    /** Taken once, by the session that keeps it from then on: an idle connection holds no second copy. */
    static String address(WebSocketConnection connection) {
        String address = connection.userData().remove(ADDRESS);
        return address != null ? address : connection.handshakeRequest().remoteAddress();
    }

    static String origin(WebSocketConnection connection) {
        return connection.userData().get(ORIGIN);
    }

    /** The origin is only told in the log lines of the admission; an admitted connection lets it go. */
    static void forgetOrigin(WebSocketConnection connection) {
        connection.userData().remove(ORIGIN);
    }

    static ProtocolException pendingRefusal(WebSocketConnection connection) {
        return connection.userData().remove(REFUSAL);
    }
}
