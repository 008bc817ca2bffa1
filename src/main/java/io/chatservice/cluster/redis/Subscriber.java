package io.chatservice.cluster.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The node's one subscriber connection, for every channel it listens to: its own node channel, the private channel
 * and one channel per room with local members. The Quarkus data source's {@code subscribe()} opens a connection per
 * call, which does not scale to a channel per room; one connection with many channels does.
 * <p>
 * Requests are collected for {@link #BATCH_MILLIS} ms or up to {@link #MAX_BATCH} channels into one SUBSCRIBE and
 * one UNSUBSCRIBE. A follow completes when Redis confirms the channel with its {@code subscribe} push, not when the
 * command is written (the Vert.x client completes SUBSCRIBE on write). Redis forgets every subscription with the
 * connection, and neither it nor the client resubscribes: after a reconnect this link subscribes every channel still
 * followed again, in batches, and counts itself up only once Redis has confirmed all of them.
 * <p>
 * RESP3 is required (Redis 6 or later): pub/sub messages then come as pushes, apart from the answers to commands,
 * which lets the link PING while subscribed. One quirk of the Vert.x client 4.5 is worked around: a push that arrives
 * while a PING is unanswered takes the PING's place in the client's queue, so that PING's future never completes and
 * its PONG comes to the handler instead. Any data received counts as an answer, so liveness does not depend on it.
 */
final class Subscriber extends RedisLink {

    static final String LINK = "subscriber";
    static final int MAX_BATCH = 500;
    static final long BATCH_MILLIS = 2;

    private static final Logger LOG = Logger.getLogger(Subscriber.class);

    private final Subscriptions subscriptions = new Subscriptions();
    /** Channel and payload of each message; on the loop. */
    private final BiConsumer<String, String> messages;
    /** Each time the link is up with every channel subscribed again, on the loop: what was missed can be read. */
    private final Runnable resubscribed;
    private final long unsubscribeDelayMillis;
    /** Channels to drop when their timer fires, unless followed again before. */
    private final Map<String, Long> leaving = new HashMap<>();
    private long flushTimer = -1;
    /** When the resubscription after a reconnect began (nanoTime); 0 when none is under way. */
    private long resubscribing;

    Subscriber(Vertx vertx, BrokerSettings settings, RedisLinks links, BrokerMetrics metrics,
            List<String> permanent, BiConsumer<String, String> messages, Runnable resubscribed) {
        super(vertx, LINK, settings, links, metrics, 1024);
        this.messages = messages;
        this.resubscribed = resubscribed;
        this.unsubscribeDelayMillis = Math.max(1, settings.unsubscribeDelay().toMillis());
        permanent.forEach(subscriptions::want);
    }

    /**
     * Subscribes the channel, from any thread.
     *
     * @return completes when Redis confirmed it; fails with {@code UNAVAILABLE} at once while the link is down, or
     *         when Redis does not confirm within the command timeout. Either way the channel stays followed, and is
     *         subscribed as soon as the link is back.
     */
    CompletionStage<Void> follow(String channel) {
        CompletableFuture<Void> followed = new CompletableFuture<>();
        onLoop(() -> {
            Long timer = leaving.remove(channel);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
            CompletableFuture<Void> ready = subscriptions.want(channel);
            scheduleFlush();
            if (ready.isDone()) {
                followed.complete(null);
            } else if (!isUp()) {
                followed.completeExceptionally(unavailable("the chat cluster is unreachable just now"));
            } else {
                long deadline = context.setTimer(TimeUnit.NANOSECONDS.toMillis(timeoutNanos), id -> followed
                        .completeExceptionally(unavailable("the chat cluster did not answer in time")));
                ready.whenComplete((done, error) -> {
                    vertx.cancelTimer(deadline);
                    followed.complete(null);
                });
            }
        });
        return followed;
    }

    /** Unsubscribes the channel after the unsubscribe delay, unless it is followed again before; from any thread. */
    void unfollow(String channel) {
        onLoop(() -> {
            if (!subscriptions.isWanted(channel) || leaving.containsKey(channel)) {
                return;
            }
            leaving.put(channel, context.setTimer(unsubscribeDelayMillis, id -> {
                leaving.remove(channel);
                subscriptions.unwant(channel);
                scheduleFlush();
            }));
        });
    }

    @Override
    protected void connected(RedisConnection connection) {
        int channels = subscriptions.resubscribeAll();
        if (channels == 0) {
            ready();
            resubscribed.run();
            return;
        }
        resubscribing = System.nanoTime();
        flush();
    }

    @Override
    protected void received(Response response) {
        if (response.type() != ResponseType.PUSH) {
            if (response.type() == ResponseType.MULTI) {
                LOG.error("Redis answers in RESP2: chat.broker=redis needs Redis 6 or later (RESP3)");
                fail("RESP2 connection");
            } else if (response.type() == ResponseType.ERROR) {
                LOG.warnf("Redis refused a subscription command: %s", response);
            }
            return; // else a PONG that the client handed here
        }
        String kind = response.get(0).toString();
        switch (kind) {
            case "message" -> messages.accept(response.get(1).toString(), response.get(2).toString());
            case "subscribe", "unsubscribe" -> {
                boolean allBack = subscriptions.confirmed(response.get(1).toString(), kind.equals("subscribe"));
                metrics.subscriptions(subscriptions.subscribedCount());
                if (allBack && resubscribing != 0) {
                    resubscribing = 0;
                    ready();
                    resubscribed.run();
                }
            }
            default -> LOG.debugf("Redis push ignored: %s", kind);
        }
    }

    @Override
    protected void disconnected() {
        subscriptions.connectionLost();
        metrics.subscriptions(0);
        vertx.cancelTimer(flushTimer);
        flushTimer = -1;
        resubscribing = 0;
    }

    @Override
    protected String hung(long now) {
        return resubscribing != 0 && now - resubscribing > timeoutNanos
                ? "resubscription not confirmed in time"
                : null;
    }

    private void scheduleFlush() {
        if (connection() == null) {
            return; // the next connection subscribes whatever is wanted then
        }
        if (subscriptions.dirtyCount() >= MAX_BATCH) {
            flush();
        } else if (flushTimer == -1 && subscriptions.dirtyCount() > 0) {
            flushTimer = context.setTimer(BATCH_MILLIS, id -> {
                flushTimer = -1;
                flush();
            });
        }
    }

    /** Sends everything that is due, in batches; their pushes confirm them. A failed write fails the connection. */
    private void flush() {
        RedisConnection connection = connection();
        while (connection != null && subscriptions.dirtyCount() > 0) {
            Subscriptions.Batch batch = subscriptions.take(MAX_BATCH);
            if (!batch.subscribe().isEmpty()) {
                connection.send(command(Command.SUBSCRIBE, batch.subscribe()));
            }
            if (!batch.unsubscribe().isEmpty()) {
                connection.send(command(Command.UNSUBSCRIBE, batch.unsubscribe()));
            }
        }
    }

    private static Request command(Command command, List<String> channels) {
        Request request = Request.cmd(command);
        channels.forEach(request::arg);
        return request;
    }

    static ProtocolException unavailable(String why) {
        return new ProtocolException(ErrorCode.UNAVAILABLE, why + ": try again in a moment");
    }
}
