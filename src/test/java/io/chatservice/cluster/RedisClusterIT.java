package io.chatservice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisCluster;
import io.vertx.core.json.JsonObject;

/** Two nodes on a Redis Cluster of three masters (quarkus.redis.client-type=cluster) behave as one chat service. */
class RedisClusterIT {

    private static RedisCluster redis;
    private static ClusterNodes nodes;

    @BeforeAll
    static void start() {
        redis = RedisCluster.start();
        nodes = ClusterNodes.start(Map.of("quarkus.redis.hosts", redis.hosts(),
                "quarkus.redis.client-type", "cluster"));
    }

    @AfterEach
    void closeClients() {
        nodes.closeClients();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
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
}
