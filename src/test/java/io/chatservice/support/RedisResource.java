package io.chatservice.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Redis for the {@code @QuarkusTest}s of {@code chat.broker=redis}: starts a {@link RedisServer} before the
 * application and points the service at it ({@code quarkus.redis.hosts}, {@code chat.broker=redis}).
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = RedisResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
 * class RedisDeliveryTest {
 *     @Test
 *     void roomChatsOnAfterRedisRestarts() {
 *         RedisResource.server().restart();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * A test resource lives as long as the application it configures, which Quarkus starts once for a run of test
 * classes, never once per test method. The {@code scope} of {@code @WithTestResource} (both in
 * {@code io.quarkus.test.common}; in Quarkus 3.33 an enum {@code TestResourceScope}) says which classes share it:
 * <ul>
 * <li>{@code MATCHING_RESOURCES} (the default): all classes with exactly the same test resources share one
 * application and one Redis (Quarkus' class orderer runs them one after another). Cheapest, but what one class leaves
 * in Redis the next one finds: use unique keys and rooms, and {@link RedisServer#restart()} a Redis you killed.</li>
 * <li>{@code RESTRICTED_TO_CLASS}: this class gets an application and a Redis of its own, started before its first
 * test and stopped after its last. For fault tests (restarting Redis, {@code CLIENT KILL TYPE pubsub}, a tiny
 * {@code client-output-buffer-limit}), at the cost of an application start per class.</li>
 * <li>{@code GLOBAL}: for every test class, Redis or not; not what these tests want.</li>
 * </ul>
 * A class without the annotation runs with the in-memory broker and no Redis (Quarkus restarts the application in
 * between). So a test class injects the Redis client's beans as {@code @Inject Instance<RedisDataSource>}, never
 * {@code @Inject RedisDataSource}: all test classes are beans of every test application, and one that finds the data
 * source injected anywhere creates it at start-up, which fails where {@code quarkus.redis.hosts} is not set (in every
 * test without Redis).
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer server;

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        return Map.of("quarkus.redis.hosts", server.uri(), "chat.broker", "redis");
    }

    @Override
    public void stop() {
        RedisServer running = server;
        server = null;
        if (running != null) {
            running.stop();
        }
    }

    /** The Redis the running application uses, for a test to restart, kill or query with {@link RedisServer#cli}. */
    public static RedisServer server() {
        RedisServer running = server;
        if (running == null) {
            throw new IllegalStateException(
                    "no Redis: annotate the test class with @WithTestResource(RedisResource.class)");
        }
        return running;
    }
}
