package io.chatservice.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.chatservice.cluster.ClusterNode;
import io.chatservice.cluster.Route;
import io.chatservice.config.ChatConfig;
import io.chatservice.delivery.Delivery;
import io.chatservice.delivery.Envelope;
import io.chatservice.delivery.LocalFanout;
import io.chatservice.delivery.Target;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/**
 * Delivery across nodes through Redis pub/sub ({@code chat.broker=redis}). An envelope goes to this node's
 * {@link LocalFanout}, which never waits for Redis, so local members keep chatting while it is down, and, encoded
 * once and written to Redis before the local fan-out starts, to the other nodes: a room's messages to {@code chat:room:<room>}, the private channel's to
 * {@code chat:private}, and a private message to {@code chat:node:<id>} of each other node its {@link Route} names.
 * Each node hands what it receives from other nodes to its own fan-out and skips its own echo.
 * <p>
 * Delivery is at most once: what is published while a node's subscriber connection is down does not reach that node
 * (it resubscribes as soon as it can), and nothing is retried, so nothing arrives twice.
 * <p>
 * Typed as itself only, so that it is not a second {@code Delivery} bean: the producer that chooses the broker
 * resolves it only with {@code chat.broker=redis}, and nothing of it exists otherwise.
 */
@Singleton
@Typed(RedisDelivery.class)
public class RedisDelivery implements Delivery {

    private static final Logger LOG = Logger.getLogger(RedisDelivery.class);

    private final String nodeId;
    private final Consumer<Envelope> local;
    private final BrokerMetrics metrics;
    private final Subscriber subscriber;
    private final Publisher publisher;
    private final AtomicBoolean started = new AtomicBoolean();
    /**
     * Follows minus unfollows per room. Each call is one 0-to-1 or 1-to-0 of this node's members; with several event
     * loops those of one room may come swapped, and a count still ends where the members are.
     */
    private final ConcurrentHashMap<String, Integer> followers = new ConcurrentHashMap<>();

    @Inject
    public RedisDelivery(Vertx vertx, ChatConfig config, ClusterNode node, LocalFanout fanout, RedisLinks links,
            MeterRegistry meters) {
        this(vertx, BrokerSettings.from(config, node.id(), ConfigProvider.getConfig()), fanout::deliver, links,
                new BrokerMetrics(meters));
    }

    /**
     * @param local this node's fan-out: what is published here and what other nodes send; called on any thread, and
     *        must not block
     */
    public RedisDelivery(Vertx vertx, BrokerSettings settings, Consumer<Envelope> local, RedisLinks links,
            BrokerMetrics metrics) {
        this.nodeId = settings.nodeId();
        this.local = local;
        this.metrics = metrics;
        this.subscriber = new Subscriber(vertx, settings, links, metrics,
                List.of(Channels.node(nodeId), Channels.PRIVATE), this::received);
        this.publisher = new Publisher(vertx, settings, links, metrics);
    }

    /** Connects both links in the background; {@link RedisLinks} says when they are up. Once; later calls do nothing. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            subscriber.start();
            publisher.start();
        }
    }

    /** Closes both connections. */
    public CompletionStage<Void> stop() {
        return CompletableFuture.allOf(subscriber.stop().toCompletableFuture(), publisher.stop().toCompletableFuture());
    }

    /**
     * @return completes when Redis acknowledged every PUBLISH; fails with {@code UNAVAILABLE} at once while the
     *         publisher link is down, or after {@code chat.cluster.command-timeout} without an answer. Either way this
     *         node's members have the frame already.
     */
    @Override
    public CompletionStage<Void> publish(Envelope envelope) {
        List<String> channels = channels(envelope);
        if (channels.isEmpty()) {
            local.accept(envelope);
            return DONE;
        }
        // To Redis before the local fan-out: members on other nodes would otherwise wait for every local write first.
        // The publish is only written here, never waited for, so local members lose nothing.
        String payload = new Payload(nodeId, System.currentTimeMillis(), envelope.target(), envelope.frame()).encode();
        CompletionStage<Void> published = publisher.publish(channels, payload.getBytes(StandardCharsets.UTF_8));
        local.accept(envelope);
        return published;
    }

    @Override
    public CompletionStage<io.chatservice.history.Appended> append(io.chatservice.history.Outgoing message) {
        return CompletableFuture.failedFuture(Subscriber.unavailable("history on Redis is not built yet"));
    }

    /**
     * @return completes when Redis confirmed the room's channel; fails with {@code UNAVAILABLE} while the subscriber
     *         link is down or when Redis does not confirm in time, and the room stays followed all the same: it is
     *         subscribed as soon as the link is back
     */
    @Override
    public CompletionStage<Void> follow(String room) {
        followers.merge(room, 1, Integer::sum);
        return subscriber.follow(Channels.room(room));
    }

    /** Drops the room's channel after {@code chat.cluster.unsubscribe-delay}, unless it is followed again before. */
    @Override
    public void unfollow(String room) {
        followers.computeIfPresent(room, (name, count) -> {
            if (count > 1) {
                return count - 1;
            }
            subscriber.unfollow(Channels.room(name));
            return null;
        });
    }

    private List<String> channels(Envelope envelope) {
        Target target = envelope.target();
        if (target instanceof Target.Room room) {
            return List.of(Channels.room(room.name()));
        }
        if (target instanceof Target.PrivateChannel) {
            return List.of(Channels.PRIVATE);
        }
        Route route = envelope.route();
        if (route == null) {
            return List.of();
        }
        Set<String> nodes = new LinkedHashSet<>(route.toNodes());
        nodes.addAll(route.fromNodes());
        nodes.remove(nodeId);
        List<String> channels = new ArrayList<>(nodes.size());
        nodes.forEach(node -> channels.add(Channels.node(node)));
        return channels;
    }

    /** A message from Redis, on the subscriber's event loop. */
    private void received(String channel, String text) {
        Payload payload;
        try {
            payload = Payload.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignored a message on %s: %s", channel, e.getMessage());
            return;
        }
        if (payload.origin().equals(nodeId)) {
            return; // this node's own, on a room or the private channel: delivered here when it was published
        }
        long tookMillis = metrics.received(payload.sentAtMillis());
        // Dated back by the time it travelled, so that the local delivery latency counts it too.
        long receivedAt = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(tookMillis);
        local.accept(new Envelope(payload.target(), payload.frame(), receivedAt));
    }
}
