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
import io.chatservice.cluster.GapRepair;
import io.chatservice.cluster.Payload;
import io.chatservice.config.ChatConfig;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Outgoing;
import io.chatservice.core.Route;
import io.chatservice.core.Stages;
import io.chatservice.core.Target;
import io.chatservice.delivery.LocalFanout;
import io.chatservice.history.Appended;
import io.chatservice.core.Change;
import io.chatservice.core.Changed;
import io.chatservice.history.Draft;
import io.chatservice.history.Kept;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;

/**
 * Delivery across nodes through Redis pub/sub ({@code chat.broker=redis}).
 * <p>
 * A notice (join, leave, presence, typing) goes to this node's {@link LocalFanout}, which never waits for Redis, so local
 * members keep getting them while it is down, and, encoded once and written to Redis before the local fan-out
 * starts, to the other nodes: a room's notices to {@code chat:room:<room>}, the private channel's (and typing notices to a
 * user) to {@code chat:private}, and a private one to {@code chat:node:<id>} of each other node its {@link Route} names. Each
 * node hands what it receives from other nodes to its own fan-out and skips its own echo of a notice.
 * <p>
 * A chat message is {@linkplain #append appended}: one script ({@link HistoryScripts#APPEND}) on the state connection
 * gives it its stream's next offset, keeps it and publishes it, so that it is in the history if and only if it was
 * published. This node's own members get it from Redis' echo on the subscriber connection, not at publish time: so
 * every node, this one included, receives each stream's messages in offset order over its one subscriber connection
 * (the script's answer comes on another connection, and another node's next message could overtake it).
 * {@link GapRepair} keeps that order per followed room and per conversation with a user here, and reads back from
 * the stream what pub/sub lost.
 * While Redis is down a message fails with {@code UNAVAILABLE} and reaches nobody, on this node either.
 * <p>
 * Pub/sub is at most once: what is published while a node's subscriber connection is down does not reach that node
 * (it resubscribes as soon as it can), and nothing is published twice. Lost room and private messages come back
 * from history; lost notices do not.
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
    private final StateConnection state;
    private final HistorySettings history;
    private final GapRepair gaps;
    private final RedisMailboxes mailboxes;
    private final RedisEmptyRooms emptyRooms;
    private final AtomicBoolean started = new AtomicBoolean();
    /** What {@link Channels#MODERATION} carries, and each resubscription: told to {@link RedisModeration}. */
    private volatile Consumer<String> moderation = text -> {
    };
    private volatile Runnable moderationResubscribed = () -> {
    };
    /**
     * Follows minus unfollows per room. Each call is one 0-to-1 or 1-to-0 of this node's members; with several event
     * loops those of one room may come swapped, and a count still ends where the members are.
     */
    private final ConcurrentHashMap<String, Integer> followers = new ConcurrentHashMap<>();

    @Inject
    public RedisDelivery(Vertx vertx, ChatConfig config, ClusterNode node, LocalFanout fanout, RedisLinks links,
            MeterRegistry meters, StateConnection state, RedisHistory reads, RedisMailboxes mailboxes,
            RedisEmptyRooms emptyRooms) {
        this(vertx, BrokerSettings.from(config, node.id(), ConfigProvider.getConfig()),
                HistorySettings.from(config.history()), fanout::deliver, links, new BrokerMetrics(meters), state,
                reads, mailboxes, emptyRooms);
    }

    /** Leaves an empty room's history to its ttl. */
    public RedisDelivery(Vertx vertx, BrokerSettings settings, HistorySettings history, Consumer<Envelope> local,
            RedisLinks links, BrokerMetrics metrics, StateConnection state, RedisHistory reads,
            RedisMailboxes mailboxes) {
        this(vertx, settings, history, local, links, metrics, state, reads, mailboxes, null);
    }

    /**
     * @param local this node's fan-out: notices published here and everything that comes from Redis; called on any
     *        thread, and must not block
     * @param state the node's state connection, over which messages are kept and published
     * @param reads the history over {@code state}, for repairs
     * @param mailboxes offline users' mailboxes over {@code state}
     * @param emptyRooms told when a room empties or fills on this node; null: empty rooms are left to the ttl
     */
    public RedisDelivery(Vertx vertx, BrokerSettings settings, HistorySettings history, Consumer<Envelope> local,
            RedisLinks links, BrokerMetrics metrics, StateConnection state, RedisHistory reads,
            RedisMailboxes mailboxes, RedisEmptyRooms emptyRooms) {
        this.mailboxes = mailboxes;
        this.emptyRooms = emptyRooms;
        this.nodeId = settings.nodeId();
        this.local = local;
        this.metrics = metrics;
        this.state = state;
        this.history = history;
        this.subscriber = new Subscriber(vertx, settings, links, metrics,
                List.of(Channels.node(nodeId), Channels.PRIVATE, Channels.MODERATION), this::received,
                this::resubscribed);
        this.publisher = new Publisher(vertx, settings, links, metrics);
        this.gaps = new GapRepair(subscriber::onLoop, reads, local, metrics::repaired);
    }

    /**
     * Connects both links, and the state connection if it is not yet, in the background; {@link RedisLinks} says
     * when they are up. Once; later calls do nothing.
     */
    public void start() {
        if (started.compareAndSet(false, true)) {
            state.start();
            subscriber.start();
            publisher.start();
        }
    }

    /** Closes both links; the state connection is closed by its owner, presence, after its last write. */
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

    /**
     * Keeps the message in its stream and publishes it to every node it is for, this one included, in one script.
     * A private message for an offline addressee ({@link Outgoing#mailbox()}) first takes a place in their
     * mailbox's index ({@link RedisMailboxes#reserve}, in the addressee's slot), and the script then keeps its letter
     * with its history (in the conversation's slot): two steps, as a Redis Cluster lets a script touch one slot only,
     * in the order that never leaves a letter that no index counts.
     *
     * @return the kept message, or the first one with the same {@code cid}, whose frame is the resend's own with the
     *         first's offset and epoch when the stream no longer keeps the first; fails with {@code UNAVAILABLE} at
     *         once while the state link is down, or after {@code chat.cluster.command-timeout} without an answer, and
     *         then this node did not deliver it either; with {@code USER_OFFLINE} or {@code MAILBOX_FULL} when the
     *         addressee's mailbox does not take it (then nothing is kept)
     */
    @Override
    public CompletionStage<Appended> append(Outgoing message) {
        String user = message.mailbox();
        if (user == null) {
            return keep(message, null);
        }
        String peer = message.stream().otherParty(user);
        return mailboxes.reserve(user, peer, message.stream().identityOf(user)).handle((place, refused) -> {
            if (refused != null) {
                return earlierOrRefuse(message, Stages.refusal(refused));
            }
            CompletionStage<Appended> kept = keep(message, place);
            kept.thenAccept(appended -> {
                if (appended.duplicate()) {
                    mailboxes.giveBack(user, peer, place); // the first one has its letter already
                }
            });
            return kept;
        }).thenCompose(appended -> appended);
    }

    /** A resend of a message accepted before gets the first one's answer, though the mailbox refuses it now. */
    private CompletionStage<Appended> earlierOrRefuse(Outgoing message, ProtocolException refusal) {
        if (message.cid() == null || refusal.code() == ErrorCode.UNAVAILABLE) {
            return CompletableFuture.failedFuture(refusal);
        }
        return state.eval(HistoryScripts.FIRST, HistoryScripts.prefix(message.stream()),
                List.of(message.sender(), message.cid())).thenCompose(answer -> answer.size() == 0
                        ? CompletableFuture.failedFuture(refusal)
                        : CompletableFuture.completedFuture(appended(message.draft(), answer, 0, true)));
    }

    /**
     * A message kept in its addressee's mailbox goes to their nodes live as well: they connected while it was being
     * kept, and their connection may have read its mailbox before the letter was there. A connection that had it
     * from the mailbox drops it (its catch-up knows the offset); one that did not shows it now, and has it from the
     * mailbox again on its next connection, with the same id and offset.
     */
    @Override
    public CompletionStage<Void> alsoLive(Outgoing message, Appended appended, Route route) {
        Set<String> nodes = route.toNodes();
        if (nodes.isEmpty()) {
            return DONE;
        }
        Kept kept = appended.kept();
        List<String> channels = new ArrayList<>(nodes.size());
        nodes.forEach(node -> channels.add(Channels.node(node)));
        // Through Redis to this node too: kept messages reach every node, this one included, from Redis' echo.
        String payload = new Payload(nodeId, System.currentTimeMillis(), Target.user(message.mailbox()),
                message.stream(), kept.offset(), kept.epoch(), kept.frame()).encode();
        return publisher.publish(channels, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The history script: keeps and publishes the message, and its letter in its mailbox place if not null. */
    private CompletionStage<Appended> keep(Outgoing message, RedisMailboxes.Place place) {
        List<String> channels = channels(message);
        Draft draft = message.draft();
        List<String> args = new ArrayList<>(14 + channels.size());
        args.add(HistoryScripts.newEpoch());
        args.add(String.valueOf(history.size()));
        args.add(String.valueOf(history.ttlMillis()));
        args.add(String.valueOf(history.cidWindowMillis()));
        args.add(message.sender());
        args.add(message.cid() == null ? "" : message.cid());
        args.add(draft.id());
        args.add(draft.head());
        args.add(draft.tail());
        args.add(Payload.keptPrefix(nodeId, System.currentTimeMillis(), message.target(), message.stream()));
        args.add(place == null ? "" : message.mailbox());
        args.add(place == null ? "" : place.box());
        args.add(place == null ? "" : String.valueOf(place.number()));
        args.add(String.valueOf(mailboxes.ttlMillis()));
        args.add(message.author() == null ? "" : message.author());
        args.addAll(channels);
        CompletionStage<Response> reply = state.eval(HistoryScripts.APPEND, HistoryScripts.prefix(message.stream()),
                args);
        reply.whenComplete((answer, error) -> {
            if (error != null) {
                metrics.publishFailed();
            }
        });
        return reply.thenApply(answer -> appended(draft, answer, channels.size(), place != null));
    }

    /**
     * The change script ({@link HistoryScripts#CHANGE}): checks, rewrites the message and keeps and publishes the
     * change, in one step; this node's members get it from Redis' echo, in offset order, as messages.
     */
    @Override
    public CompletionStage<Changed> change(Change change) {
        List<String> channels = channels(change.target(), change.route());
        Draft draft = change.draft();
        List<String> args = new ArrayList<>(13 + channels.size());
        args.add(String.valueOf(change.offset()));
        args.add(change.messageId());
        args.add(change.editor() == null ? "" : change.editor());
        args.add(change.isDelete() ? "" : change.info());
        args.add(String.valueOf(change.nowMillis()));
        args.add(String.valueOf(change.windowMillis()));
        args.add(String.valueOf(history.size()));
        args.add(String.valueOf(history.ttlMillis()));
        args.add(draft.id());
        args.add(draft.head());
        args.add(draft.tail());
        args.add(Payload.keptPrefix(nodeId, System.currentTimeMillis(), change.target(), change.stream()));
        args.add(change.author() == null ? "" : change.author());
        args.addAll(channels);
        CompletionStage<Response> reply = state.eval(HistoryScripts.CHANGE, HistoryScripts.prefix(change.stream()),
                args);
        reply.whenComplete((answer, error) -> {
            if (error != null) {
                metrics.publishFailed();
            }
        });
        return reply.thenApply(answer -> {
            Changed.Outcome outcome = switch (answer.get(0).toString()) {
                case "changed" -> Changed.Outcome.CHANGED;
                case "already" -> Changed.Outcome.ALREADY_DELETED;
                case "deleted" -> Changed.Outcome.DELETED;
                case "author" -> Changed.Outcome.NOT_AUTHOR;
                case "window" -> Changed.Outcome.WINDOW_CLOSED;
                default -> Changed.Outcome.UNKNOWN;
            };
            if (outcome != Changed.Outcome.CHANGED) {
                return Changed.of(outcome);
            }
            metrics.published(channels.size());
            long offset = answer.get(1).toLong();
            String epoch = answer.get(2).toString();
            return new Changed(outcome, draft.kept(offset, epoch));
        });
    }

    private Appended appended(Draft draft, Response answer, int channels, boolean queued) {
        long offset = answer.get(0).toLong();
        String epoch = answer.get(1).toString();
        boolean duplicate = answer.get(3).toInteger() == 1;
        String first = answer.get(4).toString();
        if (!duplicate) {
            metrics.published(channels);
        }
        String frame = duplicate && !first.isEmpty() ? first : draft.complete(offset, epoch);
        return new Appended(new Kept(offset, epoch, answer.get(2).toString(), frame), duplicate, queued);
    }

    /**
     * @return completes when Redis confirmed the room's channel; fails with {@code UNAVAILABLE} while the subscriber
     *         link is down or when Redis does not confirm in time, and the room stays followed all the same: it is
     *         subscribed as soon as the link is back
     */
    @Override
    public CompletionStage<Void> follow(String room) {
        if (followers.merge(room, 1, Integer::sum) == 1) {
            gaps.follow(room);
            if (emptyRooms != null) {
                emptyRooms.filledHere(room);
            }
        }
        CompletionStage<Void> followed = subscriber.follow(Channels.room(room));
        followed.thenRun(() -> gaps.subscribed(room));
        return followed;
    }

    @Override
    public void joinedPrivate(String user) {
        gaps.joined(user);
    }

    @Override
    public void leftPrivate(String user) {
        gaps.left(user);
    }

    /**
     * Drops the room's channel after {@code chat.cluster.unsubscribe-delay}, unless it is followed again before; its
     * position in the room's stream is forgotten at once.
     */
    @Override
    public void unfollow(String room) {
        followers.computeIfPresent(room, (name, count) -> {
            if (count > 1) {
                return count - 1;
            }
            subscriber.unfollow(Channels.room(name));
            gaps.forget(name);
            if (emptyRooms != null) {
                emptyRooms.emptiedHere(name);
            }
            return null;
        });
    }

    /** A room message to the room's channel; a private one to each node of its route, and always to this one. */
    private List<String> channels(Outgoing message) {
        return channels(message.target(), message.route());
    }

    private List<String> channels(Target target, Route route) {
        if (target instanceof Target.Room room) {
            return List.of(Channels.room(room.name()));
        }
        Set<String> nodes = new LinkedHashSet<>();
        nodes.add(nodeId);
        if (route != null) {
            nodes.addAll(route.toNodes());
            nodes.addAll(route.fromNodes());
        }
        List<String> channels = new ArrayList<>(nodes.size());
        nodes.forEach(node -> channels.add(Channels.node(node)));
        return channels;
    }

    private List<String> channels(Envelope envelope) {
        Target target = envelope.target();
        if (target instanceof Target.Room room) {
            return List.of(Channels.room(room.name()));
        }
        if (target instanceof Target.RoomChange change) {
            return List.of(Channels.room(change.room()));
        }
        if (target instanceof Target.RoomTyping typing) {
            return List.of(Channels.room(typing.room()));
        }
        if (target instanceof Target.Watchers || target instanceof Target.UserTyping) {
            // Every node hears the private channel: no look-up of where the addressee is for a hint.
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

    /** Hands the moderation channel's messages, and each resubscription, to bans and mutes; on the subscriber's loop. */
    void moderation(Consumer<String> messages, Runnable resubscribed) {
        this.moderation = messages;
        this.moderationResubscribed = resubscribed;
    }

    /** A message from Redis, on the subscriber's event loop. */
    private void received(String channel, String text) {
        if (channel.equals(Channels.MODERATION)) {
            moderation.accept(text);
            return;
        }
        Payload payload;
        try {
            payload = Payload.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignored a message on %s: %s", channel, e.getMessage());
            return;
        }
        boolean own = payload.origin().equals(nodeId);
        if (own && !payload.isKept()) {
            return; // this node's own notice, on a room or the private channel: delivered here when it was published
        }
        long tookMillis = own ? Math.max(0, System.currentTimeMillis() - payload.sentAtMillis())
                : metrics.received(payload.sentAtMillis());
        // Dated back by the time it travelled, so that the local delivery latency counts it too.
        long receivedAt = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(tookMillis);
        Envelope envelope = new Envelope(payload.target(), payload.frame(), receivedAt, null, payload.stream(),
                payload.offset());
        if (payload.isKept() && GapRepair.tracks(envelope)) {
            gaps.received(payload.epoch(), envelope);
        } else {
            local.accept(envelope);
        }
    }

    /** On the subscriber's event loop. */
    private void resubscribed() {
        gaps.resubscribed();
        moderationResubscribed.run();
    }
}
