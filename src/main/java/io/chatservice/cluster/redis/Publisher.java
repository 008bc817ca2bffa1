package io.chatservice.cluster.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The node's one publisher connection. Every PUBLISH of the node goes over it, pipelined (sent without waiting for
 * the previous answer), rather than through the Quarkus client's pool: two commands sent to a pool may take two
 * connections and reach Redis in either order, while on one connection Redis runs them, and delivers their messages,
 * in the order they were written. With the link's one event loop that order is the callers' (see {@link RedisLink}),
 * so two envelopes published in order from one thread reach every other node in that order. In Redis Cluster one
 * connection to one node keeps that order as well: the node forwards its messages to the others in order.
 * <p>
 * While the link is down, a publish fails at once; a PUBLISH that Redis has not answered within the command timeout
 * marks the connection hung, which closes it and fails everything still in flight on it.
 */
final class Publisher extends RedisLink {

    static final String LINK = "publisher";
    /** PUBLISHes in flight on the connection at most; more fail rather than queue without bound. */
    static final int MAX_IN_FLIGHT = 16384;

    /** When each PUBLISH (or batch) in flight was sent, oldest first: Redis answers them in that order. */
    private ArrayDeque<Long> inFlight = new ArrayDeque<>();

    Publisher(Vertx vertx, BrokerSettings settings, RedisLinks links, BrokerMetrics metrics) {
        super(vertx, LINK, settings, links, metrics, MAX_IN_FLIGHT);
    }

    /**
     * Publishes one payload to each channel, from any thread.
     *
     * @return completes when Redis acknowledged every PUBLISH, on this link's event loop; fails with
     *         {@code UNAVAILABLE}
     */
    CompletionStage<Void> publish(List<String> channels, byte[] payload) {
        if (!isUp()) {
            metrics.publishFailed();
            return CompletableFuture.failedFuture(Subscriber.unavailable("the chat cluster is unreachable just now"));
        }
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        onLoop(() -> send(channels, payload, acknowledged));
        return acknowledged;
    }

    private void send(List<String> channels, byte[] payload, CompletableFuture<Void> acknowledged) {
        RedisConnection connection = connection();
        if (connection == null || !isUp()) {
            failed(acknowledged, "the chat cluster is unreachable just now");
            return;
        }
        ArrayDeque<Long> sent = inFlight;
        sent.addLast(System.nanoTime());
        Future<?> answered;
        if (channels.size() == 1) {
            answered = connection.send(publish(channels.get(0), payload));
        } else {
            List<Request> commands = new ArrayList<>(channels.size());
            channels.forEach(channel -> commands.add(publish(channel, payload)));
            answered = connection.batch(commands);
        }
        answered.onComplete(answer -> {
            sent.pollFirst();
            alive();
            if (answer.succeeded()) {
                metrics.published(channels.size());
                acknowledged.complete(null);
            } else {
                failed(acknowledged, "the chat cluster did not confirm the message, other nodes may not have it");
            }
        });
    }

    private void failed(CompletableFuture<Void> acknowledged, String why) {
        metrics.publishFailed();
        acknowledged.completeExceptionally(Subscriber.unavailable(why));
    }

    private static Request publish(String channel, byte[] payload) {
        return Request.cmd(Command.PUBLISH).arg(channel).arg(payload);
    }

    @Override
    protected void connected(RedisConnection connection) {
        inFlight = new ArrayDeque<>();
        ready();
    }

    @Override
    protected void received(Response response) {
        // a connection that does not subscribe gets no pushes
    }

    @Override
    protected void disconnected() {
        // closing the client fails whatever is in flight, each of which answers its caller
    }

    @Override
    protected String hung(long now) {
        Long oldest = inFlight.peekFirst();
        return oldest != null && now - oldest > timeoutNanos ? "a PUBLISH not answered in time" : null;
    }
}
