package io.chatservice.cluster;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

import io.chatservice.support.ClusterNodes;

/**
 * What the two-node tests share: the nodes, started once per class by the class (on the Redis it starts), closed
 * after it with that Redis, and the clients of each test closed after it.
 */
abstract class TwoNodeTest {

    protected static ClusterNodes nodes;
    /** The class's Redis, a server or a cluster, stopped after the nodes. */
    protected static AutoCloseable redis;

    @AfterEach
    void closeClients() {
        nodes.closeClients();
    }

    @AfterAll
    static void stopNodesAndRedis() throws Exception {
        if (nodes != null) {
            nodes.close();
            nodes = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    /** A name no other test uses: the tests of a class share the nodes. */
    /** Has a private connection watch the users as well (it hears them come and go from then on); waits for the answer. */
    protected static void watch(io.chatservice.support.ChatClient client, String... users) {
        client.send(new io.vertx.core.json.JsonObject().put("type", "watch").put("mode", "add")
                .put("users", new io.vertx.core.json.JsonArray(java.util.List.of(users))));
        client.awaitType("watching");
    }

    protected static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
