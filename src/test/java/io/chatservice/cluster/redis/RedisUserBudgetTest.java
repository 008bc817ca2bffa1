package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;


/** A name's send budget shared by two nodes, each with its own state link. */
// Beside the @QuarkusTest classes, which run one at a time: see the parallel settings in pom.xml.
@Execution(ExecutionMode.CONCURRENT)
class RedisUserBudgetTest {

    private static final double RATE = 10;
    private static final int BURST = 3;

    private static StateRedis redis;
    private StateNodes nodes;
    private RedisUserBudget onA;
    private RedisUserBudget onB;

    @BeforeAll
    static void startRedis() {
        redis = StateRedis.server();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startNodes() {
        nodes = new StateNodes(redis.vertx, redis::options);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        onA = new RedisUserBudget(nodes.start("a-" + tag).state, RATE, BURST);
        onB = new RedisUserBudget(nodes.start("b-" + tag).state, RATE, BURST);
    }

    @AfterEach
    void stopNodes() {
        nodes.close();
    }

    @Test
    void twoNodesDrawOnOneBudget() {
        String ann = "ann-" + UUID.randomUUID();
        assertEquals(0L, result(onA.take(ann)));
        assertEquals(0L, result(onB.take(ann)));
        assertEquals(0L, result(onA.take(ann)));

        long wait = result(onB.take(ann));
        assertTrue(wait > 0 && wait <= Duration.ofMillis(100).toNanos(), "wait " + wait + " ns");
        assertTrue(result(onA.take(ann)) > 0, "empty on the other node too");
        assertEquals(0L, result(onA.take("bob-" + UUID.randomUUID())), "another name has its own");

        await().atMost(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(20)).until(() -> result(onB.take(ann)) == 0);
    }

    @Test
    void anIdleBudgetLeavesNoKeyBehind() {
        // One frame every 5 s: the key lives until the bucket is full again, 5 s after the frame.
        RedisUserBudget slow = new RedisUserBudget(nodes.start("c-" + UUID.randomUUID()).state, 0.2, BURST);
        String ann = "ann-" + UUID.randomUUID();
        result(slow.take(ann));
        long ttl = Long.parseLong(redis.single().cli("PTTL", "chat:{name:" + ann + "}:rate"));
        assertTrue(ttl > 4000 && ttl <= 5000, "expires when the bucket is full again: " + ttl + " ms");
    }

    @Test
    void noRateMeansNoLimitAndNoRedis() {
        RedisUserBudget unlimited = new RedisUserBudget(null, 0, BURST);
        for (int i = 0; i < 100; i++) {
            assertEquals(0L, result(unlimited.take("ann")));
        }
    }
}
