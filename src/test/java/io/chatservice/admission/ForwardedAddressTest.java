package io.chatservice.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Scrape;
import io.chatservice.support.Upgrade;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * Behind a trusted proxy, each client is counted by its own address, not the proxy's: its connections, its REST
 * requests, and the rooms it opens. The budgets here are small and slow to refill (6 REST tokens, one per 5 s; 6 rooms
 * an address and 10 a name, one per 2 minutes), so that a test's requests in a row always outrun them, however slow
 * the machine; each test's clients have addresses of their own.
 */
@QuarkusTest
@TestProfile(BehindAProxyProfile.class)
class ForwardedAddressTest extends ChatTestBase {

    static final int ROOM_BURST = BehindAProxyProfile.ROOM_BURST;
    static final int USER_ROOM_BURST = BehindAProxyProfile.USER_ROOM_BURST;

    private Upgrade.Open from(String clientAddress) throws Exception {
        return Upgrade.open(base.getHost(), base.getPort(), "/groupchat/" + unique("u"),
                Map.of("X-Forwarded-For", clientAddress));
    }

    private static String firstType(Upgrade.Open connection) throws Exception {
        JsonObject frame = new JsonObject(connection.readText());
        return frame.getString("type").equals("error") ? frame.getString("code") : frame.getString("type");
    }

    @Test
    void twoClientsBehindTheProxyAreCountedApart() throws Exception {
        try (Upgrade.Open first = from("203.0.113.7"); Upgrade.Open second = from("203.0.113.8")) {
            assertEquals("welcome", firstType(first));
            assertEquals("welcome", firstType(second));
        }
    }

    @Test
    void oneClientBehindTheProxyMeetsItsOwnCap() throws Exception {
        try (Upgrade.Open first = from("198.51.100.9"); Upgrade.Open second = from("198.51.100.9");
                Upgrade.Open third = from("198.51.100.9")) {
            assertEquals("welcome", firstType(first));
            assertEquals("welcome", firstType(second));
            assertEquals("ADDRESS_LIMIT", firstType(third));
        }
    }

    private static Response get(String path, String clientAddress) {
        return given().header("X-Forwarded-For", clientAddress).get(path);
    }

    @Test
    void aClientOverItsRestBudgetGets429WithRetryAfterAndAReason() {
        for (int i = 0; i < 6; i++) {
            get("/api/users", "203.0.113.20").then().statusCode(200);
        }

        Response refused = get("/api/users", "203.0.113.20");

        refused.then().statusCode(429).contentType("application/json")
                .body("code", equalTo("RATE_LIMITED"))
                .body("reason", startsWith("too many API requests from your address"));
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
    }

    @Test
    void anotherClientIsServedWhileOneIsOverItsRestBudget() {
        for (int i = 0; i < 6; i++) {
            get("/api/rooms", "203.0.113.30").then().statusCode(200);
        }
        get("/api/rooms", "203.0.113.30").then().statusCode(429);

        get("/api/rooms", "203.0.113.31").then().statusCode(200);
    }

    @Test
    void aHistoryPageCostsMoreThanAPresenceCall() {
        String room = unique("quiet");
        // 1 token and 1 per 25 messages the page may hold: 5 of the 6
        get("/api/rooms/" + room + "/messages?limit=100", "203.0.113.40").then().statusCode(404);
        get("/api/users", "203.0.113.40").then().statusCode(200);

        get("/api/users", "203.0.113.40").then().statusCode(429);
    }

    @Test
    void thePageHealthAndMetricsAreNotCountedAgainstTheRestBudget() {
        for (int i = 0; i < 6; i++) {
            get("/api/users", "203.0.113.50").then().statusCode(200);
        }
        get("/api/users", "203.0.113.50").then().statusCode(429);

        for (String path : new String[] { "/chat", "/q/health/ready", "/q/metrics" }) {
            assertEquals(200, get(path, "203.0.113.50").statusCode(), path);
        }
    }

    @Test
    void aBackendWithAValidKeyIsNotHeldToItsAddresssRestBudget() {
        String room = unique("news");
        for (int i = 0; i < 10; i++) {
            given().header("X-Forwarded-For", "203.0.113.60")
                    .header("Authorization", "Bearer " + BehindAProxyProfile.API_KEY).contentType("application/json")
                    .body(new JsonObject().put("from_user", "deploy-bot").put("info", "step " + i).encode())
                    .post("/api/rooms/{room}/messages", room).then().statusCode(201);
        }

        get("/api/users", "203.0.113.60").then().statusCode(200);
    }

    @Test
    void readsWithAValidKeyAreStillCountedAgainstTheAddresssRestBudget() {
        for (int i = 0; i < 6; i++) {
            given().header("X-Forwarded-For", "203.0.113.80")
                    .header("Authorization", "Bearer " + BehindAProxyProfile.API_KEY).get("/api/users").then()
                    .statusCode(200);
        }

        given().header("X-Forwarded-For", "203.0.113.80").header("Authorization", "Bearer " + BehindAProxyProfile.API_KEY)
                .get("/api/users").then().statusCode(429);
    }

    @Test
    void wrongKeysAreCountedAgainstTheAddresssRestBudget() {
        for (int i = 0; i < 6; i++) {
            given().header("X-Forwarded-For", "203.0.113.70").header("Authorization", "Bearer guess-" + i)
                    .body("{}").post("/api/rooms/{room}/messages", "dev").then().statusCode(401);
        }

        given().header("X-Forwarded-For", "203.0.113.70").header("Authorization", "Bearer guess-7").body("{}")
                .post("/api/rooms/{room}/messages", "dev").then().statusCode(429)
                .body("code", equalTo("RATE_LIMITED"));
    }

    /** A group connection of {@code user} from {@code clientAddress}, in {@code room}, once it is in. */
    private ChatClient groupFrom(String clientAddress, String user, String room) {
        ChatClient client = connectFrom(clientAddress, user, room);
        client.awaitType("presence");
        return client;
    }

    /** A group connection of {@code user} from {@code clientAddress}, its name's key presented if a test holds it. */
    private ChatClient connectFrom(String clientAddress, String user, String room) {
        ChatClient holder = holders.get(user);
        ChatClient client = connect("/groupchat/" + user + "/" + room,
                holder == null ? null : "key=" + holder.key(), Map.of("X-Forwarded-For", clientAddress), List.of());
        holders.putIfAbsent(user, client);
        return client;
    }

    private final Map<String, ChatClient> holders = new HashMap<>();

    private static boolean isPresenceOf(JsonObject frame, String room) {
        return "presence".equals(frame.getString("type")) && room.equals(frame.getString("room"));
    }

    /** The defect's pattern: enter a room nobody is in, say something there (it is kept), leave it. */
    private static void cycleThroughAFreshRoom(ChatClient client) {
        String room = unique("fresh");
        client.send(new JsonObject().put("type", "join").put("room", room));
        client.await(f -> isPresenceOf(f, room), "in " + room);
        client.send(sayIn(room, "one message"));
        client.await(f -> "message".equals(f.getString("type")) && room.equals(f.getString("room")), "the message");
        client.send(new JsonObject().put("type", "leave").put("room", room));
        client.await(f -> "leave".equals(f.getString("type")) && room.equals(f.getString("room")), "out of " + room);
    }

    /** A client from {@code clientAddress} that has cycled through as many fresh rooms as its address may open. */
    private ChatClient addressOutOfRooms(String clientAddress, String home) {
        ChatClient cycler = groupFrom(clientAddress, unique("cycler"), home);
        for (int i = 0; i < ROOM_BURST; i++) {
            cycleThroughAFreshRoom(cycler);
        }
        return cycler;
    }

    @Test
    void aClientCyclingThroughFreshRoomsIsRefusedTheNextAfterItsAddresssBurst() {
        String home = unique("home");
        groupFrom("203.0.113.60", unique("bystander"), home);
        ChatClient cycler = addressOutOfRooms("203.0.113.61", home);
        Scrape before = Scrape.now();
        String next = unique("fresh");

        cycler.send(new JsonObject().put("type", "join").put("room", next).put("cid", "j1"));

        JsonObject error = cycler.awaitError("RATE_LIMITED");
        assertEquals(next, error.getString("room"), error.encode());
        assertEquals("j1", error.getString("cid"), error.encode());
        assertTrue(error.getLong("retry_after_ms") > 0, "says when to retry: " + error.encode());
        cycler.assertNothingMatching(f -> isPresenceOf(f, next), Duration.ofMillis(300));
        assertEquals(404, get("/api/rooms/" + next, "203.0.113.62").statusCode(), "the room was not opened");
        assertTrue(Scrape.now().value("chat_refusals_total{reason=\"room_join_rate\"}")
                > before.value("chat_refusals_total{reason=\"room_join_rate\"}"), "counted");
    }

    @Test
    void aClientRefusedARoomChatsOnInItsOtherRooms() {
        String home = unique("home");
        ChatClient bystander = groupFrom("203.0.113.63", unique("bystander"), home);
        ChatClient cycler = addressOutOfRooms("203.0.113.64", home);
        cycler.send(new JsonObject().put("type", "join").put("room", unique("fresh")));
        cycler.awaitError("RATE_LIMITED");

        cycler.send(sayIn(home, "still here"));

        bystander.await(f -> "message".equals(f.getString("type")) && "still here".equals(f.getString("info")),
                "the cycler's message");
    }

    @Test
    void enteringARoomSomeoneIsInCostsNothing() {
        String home = unique("home"), busy = unique("busy");
        groupFrom("203.0.113.65", unique("bystander"), home);
        groupFrom("203.0.113.65", unique("member"), busy);
        ChatClient cycler = addressOutOfRooms("203.0.113.66", home);

        cycler.send(new JsonObject().put("type", "join").put("room", busy));

        cycler.await(f -> isPresenceOf(f, busy), "in " + busy);
    }

    @Test
    void anotherAddressStillOpensRoomsWhileOneIsOverItsBudget() {
        String home = unique("home");
        ChatClient bystander = groupFrom("203.0.113.67", unique("bystander"), home);
        ChatClient cycler = addressOutOfRooms("203.0.113.68", home);
        cycler.send(new JsonObject().put("type", "join").put("room", unique("fresh")));
        cycler.awaitError("RATE_LIMITED");
        String fresh = unique("fresh");

        bystander.send(new JsonObject().put("type", "join").put("room", fresh));

        bystander.await(f -> isPresenceOf(f, fresh), "in " + fresh);
        groupFrom("203.0.113.69", unique("newcomer"), unique("fresh"));
    }

    @Test
    void aConnectionWhosePathOpensARoomOverItsAddresssBudgetIsRefusedBeforeItsWelcome() {
        String home = unique("home"), fresh = unique("fresh");
        groupFrom("203.0.113.70", unique("bystander"), home);
        addressOutOfRooms("203.0.113.71", home);

        ChatClient refused = connectFrom("203.0.113.71", unique("late"), fresh);

        JsonObject error = refused.next(); // the first frame: there is no welcome
        assertEquals("RATE_LIMITED", error.getString("code"), error.encode());
        assertEquals(fresh, error.getString("room"), error.encode());
        assertTrue(error.getLong("retry_after_ms") > 0, "says when to retry: " + error.encode());
        assertEquals(1008, refused.awaitClose());
    }

    @Test
    void aNamesRoomsAreCountedOverAllItsAddresses() {
        String home = unique("home"), alice = unique("alice");
        groupFrom("203.0.113.72", unique("bystander"), home);
        ChatClient first = groupFrom("203.0.113.73", alice, home);
        for (int i = 0; i < ROOM_BURST; i++) {
            cycleThroughAFreshRoom(first);
        }
        ChatClient second = groupFrom("203.0.113.74", alice, home);
        for (int i = 0; i < USER_ROOM_BURST - ROOM_BURST; i++) {
            cycleThroughAFreshRoom(second);
        }

        second.send(new JsonObject().put("type", "join").put("room", unique("fresh")));

        second.awaitError("RATE_LIMITED");
        // Not the second address's budget: it has rooms to spare for another name.
        groupFrom("203.0.113.74", unique("bob"), unique("fresh"));
    }
}
