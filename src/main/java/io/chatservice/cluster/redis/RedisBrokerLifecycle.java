package io.chatservice.cluster.redis;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.chatservice.config.BrokerKind;
import io.chatservice.config.ChatConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Connects the Redis message path at start-up and closes it at shutdown, with {@code chat.broker=redis} only: in
 * memory mode {@link RedisDelivery} is never resolved, so nothing connects.
 */
@Singleton
public class RedisBrokerLifecycle {

    private static final Logger LOG = Logger.getLogger(RedisBrokerLifecycle.class);
    private static final long CLOSE_SECONDS = 2;

    void onStart(@Observes StartupEvent event, ChatConfig config, Instance<RedisDelivery> delivery) {
        if (config.broker() == BrokerKind.REDIS) {
            delivery.get().start();
        }
    }

    /**
     * After the drain ({@code lifecycle.Drain} observes at the default priority and returns once the WebSockets are
     * closed), so that their last frames still reach other nodes. Runs on the shutdown thread, which may wait.
     */
    void onShutdown(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ShutdownEvent event,
            ChatConfig config, Instance<RedisDelivery> delivery) {
        if (config.broker() != BrokerKind.REDIS) {
            return;
        }
        try {
            delivery.get().stop().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("closing the Redis links: %s", e);
        }
    }
}
