package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.refusal;
import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.chatservice.contract.NamesContract;
import io.chatservice.core.Identity;
import io.chatservice.core.StreamKey;
import io.chatservice.protocol.ErrorCode;

/**
 * Names over Redis, on a single server and on a Redis Cluster: the contract, with nodes that are separate clients
 * of one Redis, and what only separate processes show: a dead node's connections stop counting.
 */
// Beside the @QuarkusTest classes, which run one at a time (the parallel settings in pom.xml); the classes of
// this contract share its static Redis, so they take turns.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("RedisNamesContract")
abstract class RedisNamesContract extends NamesContract {

    /** Started by each subclass, once per class. */
    protected static StateRedis redis;
    protected StateNodes nodes;

    @Override
    protected void startBackEnd() {
        redis.flush();
        nodes = new StateNodes(redis.vertx, redis::options);
    }

    @Override
    protected NameNode node(String id) {
        StateNodes.Node node = nodes.start(id, StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
        return new NameNode(node.names, perAddress -> new RedisAddressClaims(node.state, perAddress));
    }

    @Override
    protected void stopBackEnd() {
        nodes.close();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aDeadNodesConnectionsStopCounting() {
        StateNodes.Node c = nodes.start("c-" + tag, StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
        String carl = name("carl");
        String cleo = name("cleo");
        String key = result(c.names.admitWithKey(carl, null)).key();
        for (int i = 1; i < MOST; i++) {
            result(c.names.admitWithKey(carl, key));
        }
        result(c.names.admitWithKey(cleo, null));
        refusal(a.names.admitWithKey(carl, key), ErrorCode.TOO_MANY_CONNECTIONS);

        c.crash();

        await().atMost(StateNodes.NODE_TIMEOUT.plusMillis(500)).pollInterval(Duration.ofMillis(50)).until(() -> a.names
                .admitWithKey(cleo, null).handle((admitted, failure) -> failure == null).toCompletableFuture().get());
        for (int i = 0; i < MOST; i++) {
            result(b.names.admitWithKey(carl, key));
        }
    }

    @Test
    void withTokensASubjectReadsTheBackendsConversationUnderItsNameUntilASubjectOfThatNameWrites() {
        String bob = name("bob"), billing = name("billing");
        StateNodes.Node a = nodes.start("pa-" + tag, StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
        StateNodes.Node b = nodes.start("pb-" + tag, StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
        RedisPeers onA = new RedisPeers(a.state, true, Duration.ofMinutes(5).toMillis());
        RedisPeers onB = new RedisPeers(b.state, true, Duration.ofMinutes(5).toMillis());
        StreamKey withBackend = StreamKey.conversation(billing, "api", bob, Identity.SUBJECT);
        assertEquals(StreamKey.conversation(bob, billing), result(onB.conversation(bob, Identity.SUBJECT, billing)));

        onA.talked(withBackend);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> withBackend.equals(result(onB.conversation(bob, Identity.SUBJECT, billing))));
        onA.talked(StreamKey.conversation(bob, billing));
        await().atMost(Duration.ofSeconds(5)).until(() -> StreamKey.conversation(bob, billing)
                .equals(result(onB.conversation(bob, Identity.SUBJECT, billing))));
    }
}
