package io.chatservice.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real three-master Redis Cluster for the {@code @QuarkusTest}s of {@code chat.broker=redis} in cluster mode: starts
 * a {@link RedisCluster} before the application and points the service at it
 * ({@code quarkus.redis.client-type=cluster}, {@code quarkus.redis.hosts} listing the three masters,
 * {@code chat.broker=redis}). Used and scoped as
 * {@link RedisResource} is:
 * {@code @WithTestResource(value = RedisClusterResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)} for a
 * cluster of the class's own, the default scope to share one with the other classes that name only this resource.
 */
public class RedisClusterResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = RedisCluster.start();
        return Map.of("quarkus.redis.client-type", "cluster", "quarkus.redis.hosts", cluster.hosts(),
                "chat.broker", "redis");
    }

    @Override
    public void stop() {
        RedisCluster running = cluster;
        cluster = null;
        if (running != null) {
            running.stop();
        }
    }

    /** The cluster the running application uses; {@link RedisCluster#nodes()} to kill or query one master. */
    public static RedisCluster cluster() {
        RedisCluster running = cluster;
        if (running == null) {
            throw new IllegalStateException(
                    "no Redis Cluster: annotate the test class with @WithTestResource(RedisClusterResource.class)");
        }
        return running;
    }
}
