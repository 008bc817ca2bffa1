package io.chatservice.cluster.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.ProtocolException;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Nodes of a test cluster, each with its own Redis client, state link, names and presence, built by hand as the
 * producer would: two instances with different node ids are two nodes.
 */
final class StateNodes implements AutoCloseable {

    static final Duration NODE_TIMEOUT = Duration.ofMillis(1500);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final Supplier<RedisOptions> options;
    private final List<Node> nodes = new ArrayList<>();
    private final Frames frames = new Frames(new ObjectMapper());

    StateNodes(Vertx vertx, Supplier<RedisOptions> options) {
        this.vertx = vertx;
        this.options = options;
    }

    Node start(String id) {
        return start(id, NODE_TIMEOUT, Duration.ofMinutes(5), 0);
    }

    /** Starts a node and waits until its state link is up. */
    Node start(String id, Duration nodeTimeout, Duration claimTtl, int maxConnectionsPerUser) {
        return start(id, options.get(), nodeTimeout, claimTtl, maxConnectionsPerUser);
    }

    /** A node whose client has options of its own, e.g. to reach Redis through a proxy. */
    Node start(String id, RedisOptions clientOptions, Duration nodeTimeout, Duration claimTtl, int maxConnectionsPerUser) {
        return start(new Node(id, clientOptions, nodeTimeout, claimTtl, maxConnectionsPerUser, true));
    }

    /** A node with {@code chat.presence.public=false}: it tells the private channel nobody's comings and goings. */
    Node startWithPresenceNotPublic(String id) {
        return start(new Node(id, options.get(), NODE_TIMEOUT, Duration.ofMinutes(5), 0, false));
    }

    private Node start(Node node) {
        nodes.add(node);
        node.presence.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.links.isUp(StateConnection.LINK));
        return node;
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.stop();
        }
    }

    final class Node {
        final String id;
        final Redis client;
        final RedisLinks links = new RedisLinks();
        final StateConnection state;
        final RedisNames names;
        final RedisPresence presence;
        final RecordingDelivery delivery = new RecordingDelivery();
        final io.chatservice.contract.RecordingEvents events = new io.chatservice.contract.RecordingEvents();
        private boolean gone;

        Node(String id, RedisOptions clientOptions, Duration nodeTimeout, Duration claimTtl, int maxConnectionsPerUser,
                boolean presencePublic) {
            this.id = id;
            this.client = Redis.createClient(vertx, clientOptions);
            this.state = new StateConnection(client, vertx, links, COMMAND_TIMEOUT);
            this.names = new RedisNames(state, id, claimTtl, maxConnectionsPerUser);
            this.presence = new RedisPresence(state, names, delivery, frames, id, nodeTimeout, presencePublic,
                    events);
        }

        /** As kill -9: no more heartbeats, no clean stop. */
        void crash() {
            gone = true;
            presence.halt();
            client.close();
        }

        /** A clean stop: its entries go at once. */
        void stop() {
            if (!gone) {
                gone = true;
                try {
                    presence.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the link may be down on purpose; the node is gone all the same
                }
                client.close();
            }
        }
    }

    static <T> T result(CompletionStage<T> stage) {
        return io.chatservice.contract.Results.result(stage);
    }

    static ProtocolException refusal(CompletionStage<?> stage, ErrorCode code) {
        return io.chatservice.contract.Results.refusal(stage, code);
    }
}
