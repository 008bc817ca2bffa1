package io.chatservice.webhooks;

import java.util.HashMap;
import java.util.Map;

import io.chatservice.support.WebhookReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link WebhookReceiver} before the application and points the service at it, with short timeouts and
 * back-off so that retries happen within a test, and a small bound on pending events.
 */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {

    static final int MAX_PENDING = 20;
    static final int MAX_IN_FLIGHT = 4;
    static final int MAX_ATTEMPTS = 4;

    private static volatile WebhookReceiver receiver;

    @Override
    public Map<String, String> start() {
        receiver = WebhookReceiver.start();
        Map<String, String> settings = new HashMap<>(receiver.settings());
        settings.put("chat.webhooks.timeout", "2s");
        // The bound is filled by many users connecting at once from the test's one address.
        settings.put("chat.limits.upgrade-rate-per-address", "1000");
        settings.put("chat.limits.upgrade-burst-per-address", "1000");
        settings.put("chat.webhooks.backoff", "100ms");
        settings.put("chat.webhooks.max-attempts", Integer.toString(MAX_ATTEMPTS));
        settings.put("chat.webhooks.max-pending", Integer.toString(MAX_PENDING));
        settings.put("chat.webhooks.max-in-flight", Integer.toString(MAX_IN_FLIGHT));
        return settings;
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    static WebhookReceiver receiver() {
        return receiver;
    }
}
