package io.chatservice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisCluster;
import io.vertx.core.json.JsonObject;

/** Two nodes on a Redis Cluster of three masters (quarkus.redis.client-type=cluster) behave as one chat service. */
class RedisClusterIT extends TwoNodeTest {

    @BeforeAll
    static void start() {
        RedisCluster cluster = RedisCluster.start();
        redis = cluster;
        nodes = ClusterNodes.start(Map.of("quarkus.redis.hosts", cluster.hosts(),
                "quarkus.redis.client-type", "cluster"));
    }

    @Test
    void aRoomMessageReachesMembersOnTheOtherNode() {
        String room = unique("room");
        ChatClient onA = nodes.group(nodes.a(), unique("alice"), room);
        ChatClient onB = nodes.group(nodes.b(), unique("bob"), room);

        onA.send(new JsonObject().put("info", "over the cluster"));

        assertEquals("over the cluster", onB.nextMessage().getString("info"));
    }

    @Test
    void aPrivateMessageReachesTheAddresseeOnTheOtherNode() {
        String bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(nodes.a(), unique("alice"));
        ChatClient bobOnB = nodes.direct(nodes.b(), bob);

        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "psst"));

        assertEquals("psst", bobOnB.nextMessage().getString("info"));
    }

    @Test
    void namesInManySlotsAreHeldAcrossNodes() {
        // Names hash to slots on all three masters.
        for (int i = 0; i < 6; i++) {
            String name = unique("user" + i);
            nodes.direct(nodes.a(), name);
            nodes.connectAsStranger(nodes.b(), "/privateChat/" + name).awaitError("NAME_TAKEN");
        }
    }

    @Test
    void presenceIsClusterWide() {
        String room = unique("room"), alice = unique("alice"), bob = unique("bob");
        nodes.group(nodes.a(), alice, room);
        nodes.group(nodes.b(), bob, room);

        String members = nodes.b().get("/api/rooms/" + room);

        assertTrue(members.contains("\"" + alice + "\"") && members.contains("\"" + bob + "\""), members);
    }

    @Test
    void aMessageKeptForAnOfflineUserOnOneNodeReachesThemOnTheOther() {
        // The user's mailbox index and the conversation's letters hash to different slots.
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(nodes.a(), alice);
        ChatClient bobOnB = nodes.direct(nodes.b(), bob);
        bobOnB.send(new JsonObject().put("type", "claim"));
        bobOnB.awaitType("claimed");
        watch(aliceOnA, bob);
        bobOnB.close();
        aliceOnA.await(f -> "leave".equals(f.getString("type")) && bob.equals(f.getString("from_user")), "leave");

        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "kept").put("cid", "a1"));

        assertEquals("queued", aliceOnA.await(f -> "a1".equals(f.getString("cid")), "ack").getString("status"));
        ChatClient again = nodes.direct(nodes.b(), bob);
        assertEquals("kept", again.nextMessage().getString("info"));
        assertEquals(1, again.awaitType("history").getInteger("count"));
    }

    @Test
    void aNewcomerUnderAFreedNameHasAConversationOfItsOwnAndReceiptsAreCheckedInIt() {
        // The conversations of the two holders of a name hash to slots of their own.
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(nodes.a(), alice);
        ChatClient bobOnB = nodes.direct(nodes.b(), bob);
        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "from the first alice"));
        JsonObject earlier = bobOnB.nextMessage();
        watch(bobOnB, alice);
        aliceOnA.close();
        bobOnB.await(f -> "leave".equals(f.getString("type")) && alice.equals(f.getString("from_user")), "leave");
        ChatClient next = nodes.connectAsStranger(nodes.a(), "/privateChat/" + alice);
        next.awaitType("presence");
        next.send(new JsonObject().put("to_user", bob).put("info", "from the next alice"));
        JsonObject later = bobOnB.nextMessage();

        bobOnB.send(new JsonObject().put("type", "read").put("to_user", alice)
                .put("message_id", earlier.getString("id")).put("offset", earlier.getLong("offset")));
        bobOnB.awaitError("UNKNOWN_MESSAGE");
        bobOnB.send(new JsonObject().put("type", "read").put("to_user", alice)
                .put("message_id", later.getString("id")).put("offset", later.getLong("offset")));

        assertEquals(later.getString("id"), next.awaitType("read").getString("message_id"));
        next.send(new JsonObject().put("type", "history").put("with_user", bob));
        assertEquals(List.of("from the next alice"), next.historyRun().texts());
    }
}
