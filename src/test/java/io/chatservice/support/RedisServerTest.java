package io.chatservice.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real Redis the broker tests run against: not a @QuarkusTest, as nothing here needs the service. */
class RedisServerTest {

    @Test
    void standaloneServerAnswersPing() {
        try (RedisServer redis = RedisServer.start()) {
            assertEquals("PONG", redis.cli("PING"));
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.uri());
        }
    }

    @Test
    void restartKeepsThePortAndLosesTheData() {
        try (RedisServer redis = RedisServer.start()) {
            int port = redis.port();
            assertEquals("OK", redis.cli("SET", "greeting", "hello"));

            redis.restart();

            assertEquals(port, redis.port());
            assertEquals("PONG", redis.cli("PING"));
            assertEquals("", redis.cli("GET", "greeting"), "nothing is persisted");
        }
    }

    @Test
    void aServerThatCannotStartSaysWhyFromItsLog() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> RedisServer.start("--no-such-directive", "yes"));
        assertTrue(failure.getMessage().contains("no-such-directive"), failure.getMessage());
    }

    @Test
    @Tag("cluster")
    void clusterOfThreeMastersIsReadyOnEveryNode() {
        try (RedisCluster cluster = RedisCluster.start()) {
            assertEquals(3, cluster.hosts().split(",").length);
            for (RedisServer node : cluster.nodes()) {
                String info = node.cli("CLUSTER", "INFO");
                assertTrue(info.contains("cluster_state:ok"), info);
                assertTrue(info.contains("cluster_known_nodes:3"), info);
                assertTrue(info.contains("cluster_size:3"), "three masters serve slots: " + info);
            }
        }
    }
}
