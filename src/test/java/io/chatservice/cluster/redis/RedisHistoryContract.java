package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.chatservice.contract.HistoryContract;
import io.chatservice.contract.StreamNode;
import io.chatservice.core.Route;
import io.chatservice.core.StreamKey;
import io.chatservice.core.Target;
import io.chatservice.history.Appended;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.history.Position;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/**
 * History over Redis, on a single server and on a Redis Cluster: the contract, with nodes that are separate clients
 * of one Redis, each with its own subscriptions, and what only Redis shows: a node off a message's route gets
 * nothing, the streams' entries and expiries, and a Redis that lost its data.
 */
// Beside the @QuarkusTest classes, which run one at a time (the parallel settings in pom.xml); the classes of
// this contract share its static Redis, so they take turns.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("RedisHistoryContract")
abstract class RedisHistoryContract extends HistoryContract {

    /** Started by each subclass, once per class. */
    protected static StateRedis redis;
    protected HistoryNodes nodes;

    @Override
    protected void startBackEnd() {
        nodes = new HistoryNodes(redis.vertx, redis::options, redis.hosts());
    }

    @Override
    protected StreamNode node(String name, int size) {
        return nodes.start(name, settings(size)).contract();
    }

    @Override
    protected void stopBackEnd() {
        nodes.close();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    static HistorySettings settings(int size) {
        return new HistorySettings(size, HistoryNodes.DEFAULTS.ttl(), HistoryNodes.DEFAULTS.cidWindow());
    }

    @Test
    void theStreamHoldsNoMoreEntriesThanItsSize() {
        HistoryNodes.Node a = nodes.start("a", settings(5));
        String room = name("small");
        sayMany(a.contract(), room, 8);

        assertEquals(5L, result(a.state.send(Request.cmd(Command.XLEN).arg(key(room, "h")))).toLong());
    }

    @Test
    void withSizeZeroNoStreamIsWritten() {
        HistoryNodes.Node a = nodes.start("a", settings(0));
        String room = name("none");
        sayMany(a.contract(), room, 2);

        assertEquals(0L, result(a.state.send(Request.cmd(Command.EXISTS).arg(key(room, "h")))).toLong());
    }

    @Test
    void afterIsNotRecoveredOnceRedisLostTheHistory() {
        HistoryNodes.Node a = nodes.start("a");
        StreamKey stream = StreamKey.room(name("epochs"));
        String epoch = sayMany(a.contract(), stream.room(), 3);

        redis.flush();
        assertNotRecovered(result(a.history.after(stream, new Position(epoch, 3), 300)));
        assertNotRecovered(result(a.history.after(stream, new Position(epoch, 0), 300)), "no stream, as in memory");
        a.say(stream.room(), "ann", "new epoch", null);
        assertNotRecovered(result(a.history.after(stream, new Position(epoch, 1), 300)));
    }

    @Test
    void aPrivateMessageGoesToEveryNodeOfItsRouteAndToItsSendersNodeOnce() {
        HistoryNodes.Node a = nodes.start("a");
        HistoryNodes.Node b = nodes.start("b");
        HistoryNodes.Node c = nodes.start("c");
        String ann = name("ann"), bob = name("bob");
        Route route = new Route(Set.of(b.id), Set.of(a.id, b.id));

        Appended first = result(a.delivery.append(io.chatservice.contract.Messages.privateMessage(ann, bob, "hi", route)));
        Appended second = result(a.delivery.append(io.chatservice.contract.Messages.privateMessage(bob, ann, "back", route)));

        assertEquals(1, first.kept().offset());
        assertEquals(2, second.kept().offset(), "one stream for both directions");
        for (HistoryNodes.Node node : List.of(a, b)) {
            await().atMost(WAIT).until(() -> node.got.size() >= 2);
            assertEquals(List.of(1L, 2L), node.offsets());
            assertEquals(StreamKey.conversation(bob, ann), node.got.get(0).stream());
            assertEquals(Target.conversation(ann, bob), node.got.get(0).target());
        }
        Page page = result(c.history.latest(StreamKey.conversation(ann, bob), 10));
        assertEquals(List.of(first.kept(), second.kept()), page.messages(), "kept for a node that got nothing");
        assertEquals(List.of(), c.got);
    }


    @Test
    void streamAndMetaExpireAfterTheTtlAndACidAfterItsWindow() {
        Duration ttl = Duration.ofHours(2), window = Duration.ofMinutes(3);
        HistoryNodes.Node a = nodes.start("a", new HistorySettings(10, ttl, window));
        String room = name("ttl");
        a.say(room, "ann", "kept a while", "c-1");
        for (String suffix : List.of("h", "m")) {
            long left = pttl(a, key(room, suffix));
            assertTrue(left > ttl.toMillis() - 60_000 && left <= ttl.toMillis(), suffix + ": " + left);
        }
        long cidLeft = pttl(a, key(room, "cid:ann:c-1"));
        assertTrue(cidLeft > window.toMillis() - 60_000 && cidLeft <= window.toMillis(), "cid: " + cidLeft);
    }


    @Test
    void afterFlushallTheNextMessageStartsANewEpochAtOffsetOne() {
        HistoryNodes.Node a = nodes.start("a");
        String room = name("flushed");
        a.say(room, "ann", "one", null);
        Kept before = a.say(room, "ann", "two", null).kept();

        redis.flush();

        assertEquals(Page.NONE, result(a.history.latest(StreamKey.room(room), 10)));
        Kept after = a.say(room, "ann", "three", null).kept();
        assertEquals(1, after.offset());
        assertNotEquals(before.epoch(), after.epoch());
        Page page = result(a.history.latest(StreamKey.room(room), 10));
        assertEquals(after.epoch(), page.epoch());
        assertEquals(List.of(after), page.messages());
    }

    static String key(String room, String suffix) {
        return HistoryScripts.prefix(StreamKey.room(room)) + suffix;
    }

    private static long pttl(HistoryNodes.Node node, String key) {
        return result(node.state.send(Request.cmd(Command.PTTL).arg(key))).toLong();
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
