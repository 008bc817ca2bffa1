package io.chatservice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisServer;
import io.vertx.core.json.JsonObject;

/**
 * History across two nodes on one Redis: what is said on one node is the history a newcomer on the other gets, and a
 * client that moves to the other node, even because its node was killed, gets exactly what it missed, or is told it
 * cannot after Redis lost the history; a resend with the same cid through the other node is not delivered twice.
 */
class ClusterHistoryIT extends TwoNodeTest {

    private static final Duration QUIET = Duration.ofMillis(700);
    private static final String API_KEY = "cluster-history-test-key";

    private static RedisServer server;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        redis = server;
        nodes = ClusterNodes.start(Map.of("quarkus.redis.hosts", server.uri(),
                "chat.limits.message-rate", "0", "chat.limits.user-message-rate", "0", "chat.api.keys", API_KEY));
    }

    @Test
    void aNewcomerOnOneNodeGetsTheHistorySaidOnTheOther() {
        String room = unique("room");
        ChatClient alice = nodes.group(nodes.a(), unique("alice"), room);
        List<JsonObject> said = say(alice, "one", "two", "three");

        ChatClient bob = nodes.group(nodes.b(), unique("bob"), room);
        ChatClient.HistoryRun run = bob.historyRun();
        assertEquals(said, run.messages().stream().map(ClusterHistoryIT::live).toList(),
                "the same frames, oldest first");
        assertEquals(3, run.end().getInteger("count"));
        assertEquals(3, run.end().getLong("offset"));
        assertEquals(said.get(0).getString("epoch"), run.end().getString("epoch"));
    }

    @Test
    void aClientThatMovesToTheOtherNodeGetsExactlyWhatItMissed() {
        String room = unique("room"), bob = unique("bob");
        ChatClient alice = nodes.group(nodes.a(), unique("alice"), room);
        ChatClient bobOnA = nodes.group(nodes.a(), bob, room);
        JsonObject seen = say(alice, "seen").get(0);
        bobOnA.nextMessage();
        bobOnA.close();
        say(alice, "missed 1", "missed 2");

        ChatClient bobOnB = nodes.connectAsStranger(nodes.b(), "/groupchat/" + bob + "/" + room + "?key="
                + bobOnA.key() + "&epoch=" + seen.getString("epoch") + "&offset=" + seen.getLong("offset"));
        bobOnB.awaitType("presence");
        ChatClient.HistoryRun run = bobOnB.historyRun();
        assertEquals(List.of("missed 1", "missed 2"), run.texts());
        assertTrue(run.end().getBoolean("recovered"));
        alice.send(new JsonObject().put("info", "live"));
        assertEquals("live", bobOnB.nextMessage().getString("info"));
        bobOnB.assertNothingMatching(f -> "message".equals(f.getString("type")), QUIET);
    }

    @Test
    void aClientWhoseNodeWasKilledRecoversOnTheOtherNode() {
        String room = unique("room"), bob = unique("bob");
        ChatClient alice = nodes.group(nodes.b(), unique("alice"), room);
        ChatClient bobOnB = nodes.group(nodes.b(), bob, room);
        JsonObject seen = say(alice, "seen").get(0);
        bobOnB.nextMessage();
        say(alice, "missed 1", "missed 2");
        try {
            nodes.b().kill();

            ChatClient bobOnA = nodes.group(nodes.a(), bob, unique("lobby"));
            bobOnA.send(new JsonObject().put("type", "join").put("room", room).put("epoch", seen.getString("epoch"))
                    .put("offset", seen.getLong("offset")));
            bobOnA.await(f -> "presence".equals(f.getString("type")) && room.equals(f.getString("room")), "presence");
            ChatClient.HistoryRun run = bobOnA.historyRun();
            assertEquals(List.of("missed 1", "missed 2"), run.texts());
            assertTrue(run.end().getBoolean("recovered"));
            assertEquals(3, run.end().getLong("offset"));
        } finally {
            nodes.restartB();
        }
    }

    @Test
    void afterRedisLostTheHistoryARecoveryIsRefusedAndANewEpochBegins() {
        String room = unique("room"), bob = unique("bob");
        ChatClient alice = nodes.group(nodes.a(), unique("alice"), room);
        ChatClient bobOnA = nodes.group(nodes.a(), bob, room);
        JsonObject seen = say(alice, "before the flush").get(0);
        bobOnA.nextMessage();

        server.cli("FLUSHALL");

        ChatClient bobOnB = nodes.group(nodes.b(), bob, unique("lobby"));
        bobOnB.send(new JsonObject().put("type", "join").put("room", room).put("epoch", seen.getString("epoch"))
                .put("offset", seen.getLong("offset")));
        bobOnB.await(f -> "presence".equals(f.getString("type")) && room.equals(f.getString("room")), "presence");
        ChatClient.HistoryRun run = bobOnB.historyRun();
        assertEquals(List.of(), run.messages(), "nothing partial");
        assertFalse(run.end().getBoolean("recovered"));

        JsonObject after = say(alice, "after the flush").get(0);
        assertEquals(1, after.getLong("offset"));
        assertNotEquals(seen.getString("epoch"), after.getString("epoch"));
        assertEquals("after the flush", bobOnB.nextMessage().getString("info"));
    }

    @Test
    void aResendWithTheSameCidThroughTheOtherNodeIsNotDeliveredTwice() {
        String room = unique("room"), alice = unique("alice");
        ChatClient aliceOnA = nodes.group(nodes.a(), alice, room);
        ChatClient carolOnB = nodes.group(nodes.b(), unique("carol"), room);
        aliceOnA.send(new JsonObject().put("info", "only once").put("cid", "c-1"));
        JsonObject first = ack(aliceOnA, "c-1");
        assertEquals("only once", carolOnB.nextMessage().getString("info"));

        ChatClient aliceOnB = nodes.group(nodes.b(), alice, room);
        aliceOnB.send(new JsonObject().put("info", "only once").put("cid", "c-1"));
        JsonObject again = ack(aliceOnB, "c-1");

        assertEquals(first.getString("message_id"), again.getString("message_id"));
        assertEquals(first.getLong("offset"), again.getLong("offset"));
        assertEquals(first.getString("epoch"), again.getString("epoch"));
        aliceOnB.send(new JsonObject().put("info", "fence"));
        JsonObject next = carolOnB.nextMessage();
        assertEquals("fence", next.getString("info"), "the resend was not delivered");
        assertEquals(first.getLong("offset") + 1, next.getLong("offset"), "nor kept");
    }

    /** Says each text and waits until it comes back; returns the frames as delivered. */
    @Test
    void anEditOnOneNodeReachesAMemberOnTheOtherAndTheHistoryOfBoth() {
        String room = unique("room");
        ChatClient alice = nodes.group(nodes.a(), unique("alice"), room);
        ChatClient bob = nodes.group(nodes.b(), unique("bob"), room);
        JsonObject message = say(alice, "helo").get(0);

        alice.send(new JsonObject().put("type", "edit").put("room", room).put("message_id", message.getString("id"))
                .put("offset", message.getLong("offset")).put("info", "hello"));

        JsonObject edited = bob.awaitType("edited");
        assertEquals("hello", edited.getString("info"));
        assertEquals(message.getString("id"), edited.getString("message_id"));
        assertEquals(2, edited.getLong("change_offset"));
        ChatClient carol = nodes.group(nodes.b(), unique("carol"), room);
        ChatClient.HistoryRun run = carol.historyRun();
        assertEquals("hello", run.messages().get(0).getString("info"));
        assertTrue(run.messages().get(0).getBoolean("edited"));
    }

    @Test
    void aDeleteThroughTheServerApiOnOneNodeIsLearnedByARecoveryOnTheOther() throws Exception {
        String room = unique("room"), bob = unique("bob");
        ChatClient alice = nodes.group(nodes.a(), unique("alice"), room);
        ChatClient bobOnB = nodes.group(nodes.b(), bob, room);
        JsonObject seen = say(alice, "seen").get(0);
        JsonObject doomed = say(alice, "doomed").get(0);
        bobOnB.await(f -> "doomed".equals(f.getString("info")), "doomed");
        bobOnB.close();

        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                nodes.a().uri("/api/rooms/" + room + "/messages/" + doomed.getString("id")))
                .header("Authorization", "Bearer " + API_KEY).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, deleted.statusCode(), deleted.body());
        alice.awaitType("deleted");

        ChatClient back = nodes.connectAsStranger(nodes.b(), "/groupchat/" + bob + "/" + room + "?key="
                + bobOnB.key() + "&epoch=" + seen.getString("epoch") + "&offset=" + seen.getLong("offset"));
        back.awaitType("presence");
        ChatClient.HistoryRun run = back.historyRun();
        assertTrue(run.end().getBoolean("recovered"));
        assertEquals(List.of("message", "deleted"), run.messages().stream().map(f -> f.getString("type")).toList());
        assertTrue(run.messages().get(0).getBoolean("deleted"), "the missed message is a tombstone");
        JsonObject delete = run.messages().get(1);
        assertEquals(doomed.getString("id"), delete.getString("message_id"));
        assertEquals(3, delete.getLong("change_offset"));
        assertTrue(delete.getBoolean("server"));
    }

    private static List<JsonObject> say(ChatClient speaker, String... texts) {
        List<JsonObject> said = new ArrayList<>();
        for (String text : texts) {
            speaker.send(new JsonObject().put("info", text));
            said.add(speaker.await(f -> "message".equals(f.getString("type")) && text.equals(f.getString("info")),
                    text));
        }
        return said;
    }

    /** A history frame as it was delivered live: without its history mark. */
    private static JsonObject live(JsonObject history) {
        JsonObject copy = history.copy();
        copy.remove("history");
        return copy;
    }

    private static JsonObject ack(ChatClient client, String cid) {
        return client.await(f -> "ack".equals(f.getString("type")) && cid.equals(f.getString("cid")), "ack " + cid);
    }
}
