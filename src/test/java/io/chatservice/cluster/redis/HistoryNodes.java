package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import io.chatservice.contract.Messages;
import io.chatservice.contract.StreamNode;
import io.chatservice.core.Route;
import io.chatservice.config.IdentityMode;
import io.chatservice.core.Envelope;
import io.chatservice.history.Appended;
import io.chatservice.history.Draft;
import io.chatservice.core.Outgoing;
import io.chatservice.contract.MailboxContract;
import io.chatservice.mailbox.MailboxLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Nodes of a test cluster with their message path and history, built by hand as the producers would: each has its
 * own Redis client, links, state connection and delivery, and records what its fan-out was given.
 */
final class HistoryNodes implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    static final HistorySettings DEFAULTS = new HistorySettings(500, Duration.ofDays(7), Duration.ofMinutes(5));
    /**
     * Each node's mailboxes: {@code names} mode, small enough that a test fills one with a few messages, strangers
     * held to {@value #FROM_STRANGER} each and {@value #STRANGER_PLACES} together.
     */
    static final int MAILBOX_SIZE = MailboxContract.MAILBOX_SIZE;
    static final int FROM_STRANGER = MailboxContract.FROM_STRANGER;
    static final int STRANGER_PLACES = MailboxContract.STRANGER_PLACES;
    static final MailboxLimits MAILBOX_LIMITS = new MailboxLimits(MAILBOX_SIZE, FROM_STRANGER, STRANGER_PLACES);
    static final Duration MAILBOX_TTL = Duration.ofDays(1);
    static final int MAX_BLOCKS = MailboxContract.MAX_BLOCKS;

    private final Vertx vertx;
    private final Supplier<RedisOptions> options;
    private final List<String> hosts;
    private final List<Node> nodes = new ArrayList<>();

    HistoryNodes(Vertx vertx, Supplier<RedisOptions> options, List<String> hosts) {
        this.vertx = vertx;
        this.options = options;
        this.hosts = hosts;
    }

    Node start(String name) {
        return start(name, DEFAULTS);
    }

    /** Starts a node and waits until all of its links are up. */
    Node start(String name, HistorySettings settings) {
        Node node = new Node(name, options.get(), hosts, settings);
        await().atMost(WAIT).until(node.links::allUp);
        return node;
    }

    /** A node whose every address leads nowhere: none of its links ever comes up. */
    Node cutOff(String name) {
        String nowhere = "redis://127.0.0.1:1";
        return new Node(name, new RedisOptions().setConnectionString(nowhere), List.of(nowhere), DEFAULTS);
    }

    @Override
    public void close() {
        nodes.forEach(Node::stop);
    }

    final class Node {
        final String id;
        final RedisLinks links = new RedisLinks();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final List<Envelope> got = Collections.synchronizedList(new ArrayList<>());
        final Redis client;
        final StateConnection state;
        final RedisHistory history;
        final RedisMailboxes mailboxes;
        final RedisFriends friends;
        final RedisBlocks blocks;
        final RedisDelivery delivery;
        final RedisNames names;

        Node(String name, RedisOptions clientOptions, List<String> hosts, HistorySettings settings) {
            id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
            client = Redis.createClient(vertx, clientOptions);
            state = new StateConnection(client, vertx, links, COMMAND_TIMEOUT);
            history = new RedisHistory(state);
            mailboxes = new RedisMailboxes(state, IdentityMode.NAMES, MAILBOX_LIMITS, MAILBOX_TTL.toMillis());
            friends = new RedisFriends(state, IdentityMode.NAMES, settings.ttlMillis());
            blocks = new RedisBlocks(state, IdentityMode.NAMES, MAX_BLOCKS, MAILBOX_TTL.toMillis());
            delivery = new RedisDelivery(vertx, new BrokerSettings(hosts, id, COMMAND_TIMEOUT, Duration.ofMillis(200)),
                    settings, got::add, links, new BrokerMetrics(meters), state, history, mailboxes);
            delivery.start();
            names = new RedisNames(state, id, Duration.ofMinutes(5), 0);
            nodes.add(this);
        }

        /** The node as the contracts see it. */
        StreamNode contract() {
            return new StreamNode(id, delivery, history, mailboxes, names, friends, blocks, got);
        }

        /** Follows the room and waits until Redis confirmed its channel. */
        void follow(String room) {
            result(delivery.follow(room));
        }

        /** A room message from {@code user}, with a {@code cid} or none. */
        Appended say(String room, String user, String text, String cid) {
            return result(delivery.append(roomMessage(room, user, text, cid)));
        }

        /** The offsets of the kept messages this node's fan-out was given, in the order given. */
        List<Long> offsets() {
            synchronized (got) {
                return got.stream().filter(Envelope::isKept).map(Envelope::offset).toList();
            }
        }

        double counted(String meter) {
            return meters.get(meter).counter().count();
        }

        void stop() {
            try {
                delivery.stop().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // its links may never have come up
            }
            state.close();
            client.close();
        }
    }

    static Outgoing roomMessage(String room, String user, String text, String cid) {
        return Messages.roomMessage(room, user, text, cid);
    }

    static Outgoing privateMessage(String from, String to, String text, Route route) {
        return Messages.privateMessage(from, to, text, route);
    }

    static Draft draft(String id, String where, String user, String text) {
        return Messages.draft(id, where, user, text);
    }
}
