package io.chatservice.cluster.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.chatservice.config.BrokerKind;
import io.chatservice.config.ChatConfig;

/**
 * Not ready when this node has been cut off from Redis for longer than {@code chat.cluster.readiness-grace}: a blip
 * takes no pod out of its load balancer, and as each node's grace starts when it lost Redis, the nodes do not all
 * leave at once. A node that is starting is not ready until each of its links has connected once. Always up with {@code chat.broker=memory}, where it touches nothing of Redis.
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    private final boolean redis;
    private final Duration grace;
    private final Instance<RedisLinks> links;

    public RedisReadinessCheck(ChatConfig config, Instance<RedisLinks> links) {
        this.redis = config.broker() == BrokerKind.REDIS;
        this.grace = config.cluster().readinessGrace();
        this.links = links;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("chat-redis");
        if (!redis) {
            return response.up().withData("broker", "memory").build();
        }
        RedisLinks state = links.get();
        long downFor = state.downFor(System.nanoTime());
        // A node that has not reached Redis once yet takes no clients: it could not serve them as part of the cluster.
        return response.status(!state.isConnecting() && downFor <= grace.toNanos()).withData("broker", "redis")
                .withData(Subscriber.LINK, state.isUp(Subscriber.LINK) ? "up" : "down")
                .withData(Publisher.LINK, state.isUp(Publisher.LINK) ? "up" : "down")
                .withData("cut-off-ms", TimeUnit.NANOSECONDS.toMillis(downFor)).build();
    }
}
