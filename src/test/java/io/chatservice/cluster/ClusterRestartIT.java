package io.chatservice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisServer;
import io.vertx.core.json.JsonObject;

/**
 * With Redis' append-only file on, as the compose and Kubernetes set-ups run it, history outlives everything: both
 * nodes killed and Redis killed and started again, a client recovers exactly what it missed and the room goes on in
 * the same epoch.
 */
class ClusterRestartIT extends TwoNodeTest {

    private static RedisServer server;
    private static Map<String, String> settings;

    @BeforeAll
    static void start() {
        // fsync at every write: a kill -9 right after a message keeps it, as it would a second later with everysec.
        server = RedisServer.start("--appendonly", "yes", "--appendfsync", "always");
        redis = server;
        settings = Map.of("quarkus.redis.hosts", server.uri());
        nodes = ClusterNodes.start(settings);
    }

    @Test
    void historyOutlivesARestartOfEverything() {
        String room = unique("room"), bob = unique("bob");
        ChatClient alice = nodes.group(nodes.a(), unique("alice"), room);
        ChatClient bobOnB = nodes.group(nodes.b(), bob, room);
        String key = bobOnB.key();
        JsonObject seen = say(alice, "seen");
        bobOnB.await(f -> "seen".equals(f.getString("info")), "seen");
        say(alice, "missed");

        nodes.a().kill();
        nodes.b().kill();
        server.restart();
        nodes.close();
        nodes = ClusterNodes.start(settings);

        ChatClient back = nodes.connectAsStranger(nodes.a(), "/groupchat/" + bob + "/" + room + "?key=" + key
                + "&epoch=" + seen.getString("epoch") + "&offset=" + seen.getLong("offset"));
        back.awaitType("presence");
        ChatClient.HistoryRun run = back.historyRun();
        assertEquals(List.of("missed"), run.texts());
        assertTrue(run.end().getBoolean("recovered"), run.end().encode());

        back.send(new JsonObject().put("info", "after"));
        JsonObject after = back.await(f -> "after".equals(f.getString("info")), "after");
        assertEquals(3, after.getLong("offset"));
        assertEquals(seen.getString("epoch"), after.getString("epoch"));
    }

    private static JsonObject say(ChatClient speaker, String text) {
        speaker.send(new JsonObject().put("info", text));
        return speaker.await(f -> "message".equals(f.getString("type")) && text.equals(f.getString("info")), text);
    }
}
