package io.chatservice.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * One connection to Redis that is kept up for the life of the node: connected to one host of the list at a time
 * (the next one after a failed attempt), reconnected after any loss with {@link Backoff}, and pinged when idle so that
 * a hung connection, which never reports an error, is closed and replaced too.
 * <p>
 * All state lives on one event loop context of its own, where the Redis client calls back. A task from another
 * thread is queued to it, a task on its thread runs at once: so two calls from one thread keep their order, which is
 * what keeps the order of PUBLISHes.
 * <p>
 * Connections are standalone ones even with {@code quarkus.redis.client-type=cluster}: in Redis Cluster a plain
 * PUBLISH or SUBSCRIBE on any node reaches the subscribers on every node, so one connection to one node is enough.
 * <p>
 * Each attempt gets its own Vert.x {@link Redis} client with a pool of one. Closing the client is the one public way
 * to close the socket of a connection that is not in pub/sub mode (a pooled connection's {@code close()} just hands it
 * back to the pool), and a callback of an earlier attempt is recognised and ignored.
 */
abstract class RedisLink {

    private static final Logger LOG = Logger.getLogger(RedisLink.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    protected final Vertx vertx;
    protected final ContextInternal context;
    protected final BrokerMetrics metrics;
    protected final long timeoutNanos;
    private final String name;
    private final List<String> hosts;
    private final RedisLinks links;
    private final Backoff backoff = new Backoff(FIRST_RETRY, LAST_RETRY, ThreadLocalRandom.current());
    private final int maxInFlight;

    /** This link's connection is usable; read from any thread for the fail-fast checks. */
    private volatile boolean up;
    private Attempt current;
    private int host;
    /** Attempts failed since the link was last up: the first of an outage is logged as a warning, the rest quietly. */
    private int failures;
    private boolean stopped;
    private long tickTimer = -1;
    private long retryTimer = -1;
    private long lastReceived;
    private long pingSentAt;

    /** One connection attempt's client and, once connected, its connection. */
    private static final class Attempt {
        final Redis client;
        final String host;
        RedisConnection connection;

        Attempt(Redis client, String host) {
            this.client = client;
            this.host = host;
        }
    }

    RedisLink(Vertx vertx, String name, BrokerSettings settings, RedisLinks links, BrokerMetrics metrics,
            int maxInFlight) {
        this.vertx = vertx;
        // A context of its own (the next event loop, round robin): neither the caller's nor shared with the other link.
        this.context = ((VertxInternal) vertx).createEventLoopContext();
        this.name = name;
        this.hosts = settings.hosts();
        this.links = links;
        this.metrics = metrics;
        this.timeoutNanos = settings.commandTimeout().toNanos();
        this.maxInFlight = maxInFlight;
    }

    /** Connects in the background; {@link RedisLinks} says when the link is up. */
    final void start() {
        links.starting(name);
        context.runOnContext(v -> {
            long tick = Math.max(20, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4);
            tickTimer = context.setPeriodic(tick, id -> tick());
            connect();
        });
    }

    /** Closes the connection and stops reconnecting. */
    final CompletionStage<Void> stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        onLoop(() -> {
            this.stopped = true;
            vertx.cancelTimer(tickTimer);
            vertx.cancelTimer(retryTimer);
            Attempt attempt = current;
            if (attempt != null) {
                drop(attempt);
            }
            stopped.complete(null);
        });
        return stopped;
    }

    final boolean isUp() {
        return up;
    }

    /** Runs the task on this link's event loop: now if the caller is on it, else queued in the caller's order. */
    protected final void onLoop(Runnable task) {
        if (context.nettyEventLoop().inEventLoop()) {
            context.emit(v -> task.run());
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    /** The open connection, or null between connections; on the loop. */
    protected final RedisConnection connection() {
        Attempt attempt = current;
        return attempt == null ? null : attempt.connection;
    }

    /** A connection was opened and answered Redis' handshake; call {@link #ready()} once it is usable. */
    protected abstract void connected(RedisConnection connection);

    /** Something arrived on the connection that no command's answer took: a push, or an answer the client let go. */
    protected abstract void received(Response response);

    /** The connection is gone (lost or closed by this link). */
    protected abstract void disconnected();

    /** Why the connection counts as hung now, beyond an unanswered PING; null if it does not. */
    protected abstract String hung(long now);

    /** The connection is usable: counted up, and the next loss starts its backoff from the beginning. */
    protected final void ready() {
        backoff.reset();
        failures = 0;
        up = true;
        links.up(name);
        LOG.infof("Redis %s link up (%s)", name, current.host);
    }

    /** A sign of life: an answer, a push. */
    protected final void alive() {
        lastReceived = System.nanoTime();
    }

    /** Closes the connection as broken and reconnects; on the loop. */
    protected final void fail(String reason) {
        Attempt attempt = current;
        if (attempt != null && attempt.connection != null) {
            lost(attempt, reason);
        }
    }

    private void connect() {
        retryTimer = -1;
        if (stopped) {
            return;
        }
        String uri = hosts.get(host);
        Attempt attempt = new Attempt(Redis.createClient(vertx, options(uri)), redacted(uri));
        current = attempt;
        long deadline = context.setTimer(TimeUnit.NANOSECONDS.toMillis(timeoutNanos), id -> {
            if (current == attempt && attempt.connection == null) {
                attemptFailed(attempt, "no answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
            }
        });
        attempt.client.connect().onComplete(result -> {
            vertx.cancelTimer(deadline);
            if (current != attempt) {
                return; // timed out or stopped meanwhile: its client is closed
            }
            if (result.failed()) {
                attemptFailed(attempt, result.cause().getMessage());
                return;
            }
            RedisConnection connection = result.result();
            attempt.connection = connection;
            connection.handler(response -> {
                if (current == attempt) {
                    alive();
                    received(response);
                }
            });
            connection.exceptionHandler(error -> {
                if (current == attempt) {
                    lost(attempt, String.valueOf(error.getMessage()));
                }
            });
            connection.endHandler(v -> {
                if (current == attempt) {
                    lost(attempt, "closed by Redis");
                }
            });
            alive();
            pingSentAt = 0;
            connected(connection);
        });
    }

    private RedisOptions options(String uri) {
        return new RedisOptions().setType(RedisClientType.STANDALONE).setConnectionString(uri)
                // RESP3 sends pub/sub messages as pushes, apart from answers: PING works on a subscribed connection.
                .setPreferredProtocolVersion(ProtocolVersion.RESP3)
                .setMaxPoolSize(1).setMaxPoolWaiting(1).setPoolCleanerInterval(-1).setPoolRecycleTimeout(-1)
                .setMaxWaitingHandlers(maxInFlight)
                // Its own metrics name: Vert.x client meters with the Quarkus data source's name would clash.
                .setNetClientOptions(new NetClientOptions().setMetricsName("chat-broker-" + name)
                        .setTcpNoDelay(true).setTcpKeepAlive(true)
                        .setConnectTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos))));
    }

    private void attemptFailed(Attempt attempt, String reason) {
        if (failures++ == 0) {
            LOG.warnf("Redis %s link: connecting to %s failed (%s); retrying", name, attempt.host, reason);
        } else {
            LOG.debugf("Redis %s link: connecting to %s failed (%s)", name, attempt.host, reason);
        }
        host = (host + 1) % hosts.size();
        drop(attempt);
        retryLater();
    }

    private void lost(Attempt attempt, String reason) {
        LOG.warnf("Redis %s link to %s lost (%s): reconnecting", name, attempt.host, reason);
        links.down(name);
        metrics.reconnecting(name);
        drop(attempt);
        retryLater();
    }

    private void drop(Attempt attempt) {
        current = null;
        up = false;
        if (attempt.connection != null) {
            disconnected();
        }
        attempt.client.close(); // closes the socket: Redis forgets its subscriptions, pending answers fail
    }

    private void retryLater() {
        if (!stopped) {
            retryTimer = context.setTimer(Math.max(1, backoff.nextMillis()), id -> connect());
        }
    }

    /** Pings an idle connection, and closes it when neither the PING nor anything else was answered in time. */
    private void tick() {
        Attempt attempt = current;
        if (attempt == null || attempt.connection == null) {
            return;
        }
        long now = System.nanoTime();
        boolean pingUnanswered = pingSentAt != 0 && lastReceived - pingSentAt < 0;
        if (pingUnanswered && now - pingSentAt > timeoutNanos) {
            lost(attempt, "no answer to PING within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
            return;
        }
        String hung = hung(now);
        if (hung != null) {
            lost(attempt, hung);
            return;
        }
        if (!pingUnanswered && now - lastReceived >= timeoutNanos) {
            pingSentAt = now;
            // Any answer counts, this PING's or another's: on a subscribed connection the client may hand the PING's
            // answer to the handler (see Subscriber), which marks it alive just the same.
            attempt.connection.send(Request.cmd(Command.PING)).onComplete(answer -> {
                if (current == attempt) {
                    alive();
                }
            });
        }
    }

    /** The URI without its password, for logs. */
    static String redacted(String uri) {
        int at = uri.lastIndexOf('@');
        int scheme = uri.indexOf("://");
        return at > scheme && scheme >= 0 ? uri.substring(0, scheme + 3) + "***" + uri.substring(at) : uri;
    }
}
