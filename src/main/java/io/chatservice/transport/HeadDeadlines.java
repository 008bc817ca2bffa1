package io.chatservice.transport;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every HTTP connection a {@link HeadDeadline} from the moment it is accepted. Neither Quarkus nor Vert.x 4.5
 * has a setting for the time a request head may take ({@code quarkus.http.idle-timeout} starts again with every
 * byte, {@code quarkus.http.read-timeout} is for blocking reads of a body), nor a hook on a new connection that is
 * ours to use: {@code HttpServer.connectionHandler} belongs to the servers Quarkus creates, which set it only for
 * {@code quarkus.http.limits.max-connections}. So the deadline goes in at Netty's level: a handler in the listening
 * socket's pipeline sees each accepted connection before Vert.x sets it up, and puts the deadline at the front of its
 * pipeline. The listening socket is the parent of a served connection's socket, which is reached the way Quarkus'
 * own HTTP layer reaches it, through the request's Vert.x connection. The first request through the filter below
 * puts the handler in, and the service sends itself that request as soon as its HTTP server listens: only a
 * connection accepted in the moment before that request arrives goes untimed.
 */
@Singleton
public class HeadDeadlines {

    private static final String NAME = "chat.head-deadlines";
    /** Early among the filters; it only looks, then passes the request on. */
    private static final int FILTER_PRIORITY = 100_000;
    private static final String FIRST_REQUEST = "/q/health/started";

    private static final Logger LOG = Logger.getLogger(HeadDeadlines.class);

    private final AcceptedConnections accepted;
    private final boolean enabled;
    /** The listening socket this service's handler was last put in, so that a request costs one comparison. */
    private volatile Channel watched;

    public HeadDeadlines(ChatConfig config) {
        this.accepted = new AcceptedConnections(config.http().headTimeout().toNanos());
        this.enabled = !config.http().headTimeout().isZero();
    }

    /** A head timeout of 0 turns the deadline off. */
    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(this::watch, FILTER_PRIORITY);
        }
    }

    /** The first request through a listening socket installs the handler there. */
    void watch(RoutingContext routing) {
        if (routing.request().connection() instanceof ConnectionBase connection) {
            Channel listener = connection.channel().parent();
            if (listener != null && listener != watched) {
                install(listener, routing.request().path());
            }
        }
        routing.next();
    }

    /** Sends the first request at once, rather than leaving a gap until a probe or a client sends one. */
    void firstRequest(@ObservesAsync HttpServerStart start, Vertx vertx) {
        if (!enabled) {
            return;
        }
        // The port in use: the configured one, or the one picked at random for a port of 0 (tests).
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class)
                .orElse(start.options().getPort());
        String host = start.options().getHost();
        if (host == null || "0.0.0.0".equals(host) || "::".equals(host)) {
            host = "127.0.0.1";
        }
        HttpClient client = vertx.createHttpClient();
        client.request(HttpMethod.GET, port, host, FIRST_REQUEST)
                .compose(HttpClientRequest::send)
                .compose(HttpClientResponse::body)
                .onComplete(done -> {
                    if (done.failed()) {
                        LOG.debugf("no first request to port %d: %s", port, done.cause().getMessage());
                    }
                    client.close();
                });
    }

    private synchronized void install(Channel listener, String path) {
        ChannelPipeline pipeline = listener.pipeline();
        ChannelHandler present = pipeline.get(NAME);
        if (present == null) {
            pipeline.addFirst(NAME, accepted);
        } else if (present != accepted) {
            pipeline.replace(NAME, NAME, accepted); // one left by an earlier start of the application (dev mode)
        }
        watched = listener;
        LOG.debugf("request heads timed on connections accepted by %s, from the request for %s", listener, path);
    }

    /** In the listening socket's pipeline: sees each accepted connection before Vert.x sets it up. */
    @Sharable
    @RegisterForReflection(methods = true, fields = false) // Netty looks up a handler's methods to skip the ones it lacks
    static final class AcceptedConnections extends ChannelInboundHandlerAdapter {

        private final long timeoutNanos;

        AcceptedConnections(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel connection) {
                connection.pipeline().addFirst(HeadDeadline.NAME, HeadDeadline.accepted(timeoutNanos));
            }
            ctx.fireChannelRead(msg);
        }
    }
}
