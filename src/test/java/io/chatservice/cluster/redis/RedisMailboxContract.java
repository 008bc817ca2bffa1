package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.refusal;
import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.chatservice.config.IdentityMode;
import io.chatservice.contract.MailboxContract;
import io.chatservice.contract.StreamNode;
import io.chatservice.core.Envelope;
import io.chatservice.core.Identity;
import io.chatservice.core.Outgoing;
import io.chatservice.core.Route;
import io.chatservice.core.Target;
import io.chatservice.history.Appended;
import io.chatservice.protocol.ErrorCode;

/**
 * Mailboxes over Redis, on a single server and on a Redis Cluster: the contract, with nodes that are separate clients
 * of one Redis, and what only Redis has: a subject's mailbox in {@code jwt} mode reserved by the last time it was
 * seen, and a kept message sent live as well to the nodes its addressee connected to meanwhile.
 */
// Beside the @QuarkusTest classes, which run one at a time (the parallel settings in pom.xml); the classes of
// this contract share its static Redis, so they take turns.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("RedisMailboxContract")
abstract class RedisMailboxContract extends MailboxContract {

    /** Started by each subclass, once per class. */
    protected static StateRedis redis;
    protected HistoryNodes nodes;
    /** The Redis node behind {@link #a}. */
    protected HistoryNodes.Node redisA;

    @Override
    protected void startBackEnd() {
        nodes = new HistoryNodes(redis.vertx, redis::options, redis.hosts());
        redisA = null;
    }

    @Override
    protected StreamNode node(String name) {
        HistoryNodes.Node node = nodes.start(name);
        if (redisA == null) {
            redisA = node;
        }
        return node.contract();
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
    void aSubjectSeenWithinTheRetentionHasAMailboxAndOneNeverSeenHasNone() {
        String seen = name("seen"), never = name("never");
        RedisMailboxes tokens = new RedisMailboxes(redisA.state, IdentityMode.JWT, HistoryNodes.MAILBOX_LIMITS, 60_000);
        new RedisLastSeen(redisA.state, 60_000).seen(seen);

        await().atMost(WAIT).until(() -> tokens.reserve(seen, name("ann"), Identity.SUBJECT).toCompletableFuture()
                .handle((place, failure) -> failure == null).join());
        refusal(tokens.reserve(never, name("ann"), Identity.SUBJECT), ErrorCode.USER_OFFLINE);
    }

    @Test
    void aKeptMessageAlsoGoesLiveToTheNodesTheAddresseeConnectedTo() {
        String ann = name("ann"), bob = claimed(a, "bob");
        Outgoing message = offline(a, ann, bob, "just in time", null);
        Appended appended = result(a.delivery.append(message));

        result(a.delivery.alsoLive(message, appended, new Route(Set.of(b.id), Set.of(a.id))));

        await().atMost(WAIT).until(() -> b.got.stream().anyMatch(envelope -> envelope.target().equals(Target.user(bob))));
        Envelope live = b.got.stream().filter(envelope -> envelope.target().equals(Target.user(bob))).findFirst()
                .orElseThrow();
        assertEquals(appended.kept().frame(), live.frame());
        assertEquals(message.stream(), live.stream(), "kept, so that a connection that had it drops it");
        assertEquals(appended.kept().offset(), live.offset());
    }
}
