package io.chatservice.metrics;

import java.util.concurrent.atomic.LongAdder;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ChatChannel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The service's own meters, published at {@code /q/metrics}. Every meter is created once, here, so that the hot path
 * only increments.
 */
@Singleton
public class ChatMetrics {

    /** Why a frame meant for a connection was not written. */
    public enum DropReason {
        /** The connection's reader stopped reading, and it was closed. */
        SLOW_CONSUMER,
        /** The connection was already closed or closing. */
        CLOSED
    }

    private final Map<ChatChannel, Counter> received = new EnumMap<>(ChatChannel.class);
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final LongAdder sent = new LongAdder();
    private final Timer fanout;

    public ChatMetrics(MeterRegistry meters, ConnectionCounts registry) {
        for (ChatChannel channel : ChatChannel.values()) {
            String tag = channel.name().toLowerCase();
            Gauge.builder("chat.connections", registry, r -> r.connectionCount(channel))
                    .description("Open WebSocket connections").tag("channel", tag).register(meters);
            FunctionCounter.builder("chat.connections.opened", registry, r -> r.openedCount(channel))
                    .description("WebSocket connections admitted").tag("channel", tag).register(meters);
            received.put(channel, Counter.builder("chat.messages.received")
                    .description("Chat messages accepted from clients").tag("channel", tag).register(meters));
        }
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("chat.errors")
                    .description("Error frames sent, by code").tag("code", code.name()).register(meters));
        }
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, Counter.builder("chat.deliveries.dropped")
                    .description("Frames not sent to a recipient").tag("reason", reason.name().toLowerCase())
                    .register(meters));
        }
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, Counter.builder("chat.refusals")
                    .description("Upgrades, connections and frames refused, by reason")
                    .tag("reason", refusal.name().toLowerCase()).register(meters));
        }
        // Counted on every delivery: a plain adder that the registry reads when scraped, rather than a composite
        // counter that walks its registries on every increment.
        FunctionCounter.builder("chat.deliveries.sent", sent, LongAdder::sum)
                .description("Frames handed to recipients' sockets").register(meters);
        fanout = Timer.builder("chat.delivery.latency")
                .description("From receiving a message to having handed its frame to every local recipient")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    public void received(ChatChannel channel) {
        received.get(channel).increment();
    }

    public void error(ErrorCode code) {
        errors.get(code).increment();
    }

    public void refused(Refusal refusal) {
        refusals.get(refusal).increment();
    }

    public void sent() {
        sent.increment();
    }

    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    /** @param receivedAt {@link System#nanoTime()} when the message arrived */
    public void delivered(long receivedAt) {
        fanout.record(System.nanoTime() - receivedAt, TimeUnit.NANOSECONDS);
    }
}
