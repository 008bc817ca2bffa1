package io.chatservice.cluster.redis;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of the Redis message path, created once so that the hot path only increments. Not a bean: it is made by
 * {@link RedisDelivery}, so that nothing is registered with {@code chat.broker=memory}.
 */
public final class BrokerMetrics {

    private final Counter publishes;
    private final Counter receives;
    private final Counter publishFailures;
    private final Counter repaired;
    private final Map<String, Counter> reconnects;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final Timer latency;

    public BrokerMetrics(MeterRegistry meters) {
        publishes = Counter.builder("chat.broker.publishes").description("PUBLISH commands Redis acknowledged")
                .register(meters);
        receives = Counter.builder("chat.broker.receives").description("Messages received from other nodes")
                .register(meters);
        publishFailures = Counter.builder("chat.broker.publish.failures")
                .description("Envelopes that did not reach Redis: link down, no answer in time, or refused")
                .register(meters);
        repaired = Counter.builder("chat.broker.repaired")
                .description("Room and private messages pub/sub lost on the way to this node, read from the history instead")
                .register(meters);
        reconnects = Map.of(Subscriber.LINK, reconnects(meters, Subscriber.LINK),
                Publisher.LINK, reconnects(meters, Publisher.LINK));
        Gauge.builder("chat.broker.subscriptions", subscriptions, AtomicInteger::get)
                .description("Channels this node's subscriber connection has subscribed now").register(meters);
        latency = Timer.builder("chat.broker.latency")
                .description("From publishing on one node to receiving on another, by the nodes' clocks")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    private static Counter reconnects(MeterRegistry meters, String link) {
        return Counter.builder("chat.broker.reconnects").description("Connections to Redis lost and re-opened")
                .tag("link", link).register(meters);
    }

    void published(int commands) {
        publishes.increment(commands);
    }

    void publishFailed() {
        publishFailures.increment();
    }

    void repaired() {
        repaired.increment();
    }

    void reconnecting(String link) {
        reconnects.get(link).increment();
    }

    void subscriptions(int count) {
        subscriptions.set(count);
    }

    /**
     * A message from another node arrived.
     *
     * @return how long it took, in milliseconds; 0 if the sender's clock is ahead of this one
     */
    long received(long sentAtMillis) {
        receives.increment();
        long took = Math.max(0, System.currentTimeMillis() - sentAtMillis);
        latency.record(took, TimeUnit.MILLISECONDS);
        return took;
    }
}
