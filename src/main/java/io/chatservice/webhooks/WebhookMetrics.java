package io.chatservice.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The webhooks' meters ({@code chat_webhooks_*}), each made once, so that sending only increments. */
final class WebhookMetrics {

    private final Counter delivered;
    private final Counter givenUp;
    private final Counter retries;
    private final Counter droppedFull;
    private final Counter droppedShutdown;

    private final MeterRegistry meters;

    WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
        delivered = sent(meters, "delivered");
        givenUp = sent(meters, "given_up");
        retries = Counter.builder("chat.webhooks.retries")
                .description("Webhook attempts that failed and were tried again").register(meters);
        droppedFull = dropped(meters, "full");
        droppedShutdown = dropped(meters, "shutdown");
    }

    /** The gauge holds the outbox strongly: a gauge of a lambda alone would be collected. */
    void watch(Outbox outbox) {
        Gauge.builder("chat.webhooks.pending", outbox, Outbox::pending)
                .description("Webhook events waiting, in flight or waiting for a retry").register(meters);
    }

    private static Counter sent(MeterRegistry meters, String result) {
        return Counter.builder("chat.webhooks.sent").description("Webhook events delivered (2xx) or given up")
                .tag("result", result).register(meters);
    }

    private static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("chat.webhooks.dropped").description("Webhook events never sent")
                .tag("reason", reason).register(meters);
    }

    void delivered() {
        delivered.increment();
    }

    void givenUp() {
        givenUp.increment();
    }

    void retried() {
        retries.increment();
    }

    void droppedFull() {
        droppedFull.increment();
    }

    void droppedShutdown(int events) {
        droppedShutdown.increment(events);
    }
}
