package io.chatservice.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The ordering guarantees hold when the service runs several event loops
 * ({@code quarkus.vertx.event-loops-pool-size=4}): connections are spread over the loops one after the other, so
 * consecutive connections of a test are on different loops, and senders on every loop write to the same stream at
 * once. Every recipient has the stream in one offset order without gaps, and every sender's messages in the order
 * it sent them. The subclasses run the packaged service on each broker, started once per class.
 */
abstract class SeveralEventLoopsContract {

    /** Four loops on any host: more loops than cores, so that they truly take turns. */
    static final Map<String, String> SEVERAL_LOOPS = Map.of("quarkus.vertx.event-loops-pool-size", "4",
            // Senders here send as fast as they can: no rate limit may refuse one of their messages.
            "chat.limits.message-rate", "0", "chat.limits.user-message-rate", "0",
            "chat.limits.address-text-rate", "0", "chat.limits.max-connections-per-user", "10");
    /** Enough connections that every loop has senders and members: each loop gets one in four. */
    static final int SENDERS = 8;
    static final int LISTENERS = 4;
    static final int MESSAGES_PER_SENDER = 150;
    static final Duration ALL_ARRIVE = Duration.ofSeconds(30);

    protected static ServiceProcess service;
    protected static AutoCloseable redis;
    private static final Vertx vertx = Vertx.vertx();
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final List<ChatClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ChatClient::close);
        clients.clear();
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.close();
            service = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    @Test
    void everyMemberReceivesTheRoomInOneOffsetOrderWithoutGaps() {
        String room = unique("room");
        Map<String, ChatClient> members = roomMembers(room);

        sendFromEach(senders(members), sender -> new JsonObject());

        List<List<JsonObject>> received = receiveAll(members.values(), SENDERS * MESSAGES_PER_SENDER);
        assertOneOrderWithoutGaps(received);
    }

    @Test
    void everyMemberReceivesEachSendersRoomMessagesInTheOrderSent() {
        String room = unique("room");
        Map<String, ChatClient> members = roomMembers(room);

        sendFromEach(senders(members), sender -> new JsonObject());

        for (List<JsonObject> frames : receiveAll(members.values(), SENDERS * MESSAGES_PER_SENDER)) {
            assertEachSenderInOrder(frames);
        }
    }

    @Test
    void everyTabReceivesTheConversationInOneOffsetOrderWithoutGaps() {
        String alice = unique("alice"), bob = unique("bob");
        Map<String, ChatClient> tabs = conversationTabs(alice, bob);

        sendFromEach(tabs, tab -> new JsonObject().put("to_user", tab.startsWith(alice) ? bob : alice));

        List<List<JsonObject>> received = receiveAll(tabs.values(), SENDERS * MESSAGES_PER_SENDER);
        assertOneOrderWithoutGaps(received);
    }

    @Test
    void everyTabReceivesEachTabsPrivateMessagesInTheOrderSent() {
        String alice = unique("alice"), bob = unique("bob");
        Map<String, ChatClient> tabs = conversationTabs(alice, bob);

        sendFromEach(tabs, tab -> new JsonObject().put("to_user", tab.startsWith(alice) ? bob : alice));

        for (List<JsonObject> frames : receiveAll(tabs.values(), SENDERS * MESSAGES_PER_SENDER)) {
            assertEachSenderInOrder(frames);
        }
    }

    /** {@link #SENDERS} members who talk and {@link #LISTENERS} who only listen, one connection after the other. */
    private Map<String, ChatClient> roomMembers(String room) {
        Map<String, ChatClient> members = new LinkedHashMap<>();
        for (int i = 0; i < SENDERS + LISTENERS; i++) {
            String user = unique(i < SENDERS ? "sender" + i : "listener" + i);
            ChatClient client = connect("/groupchat/" + user + "/" + room);
            client.awaitType("presence"); // a new room: no history run follows
            members.put(user, client);
        }
        return members;
    }

    private static Map<String, ChatClient> senders(Map<String, ChatClient> members) {
        Map<String, ChatClient> senders = new LinkedHashMap<>();
        members.entrySet().stream().limit(SENDERS).forEach(e -> senders.put(e.getKey(), e.getValue()));
        return senders;
    }

    /** Two users with {@code SENDERS / 2} private tabs each, opened in turns; keyed by user and tab. */
    private Map<String, ChatClient> conversationTabs(String alice, String bob) {
        Map<String, ChatClient> tabs = new LinkedHashMap<>();
        for (int i = 0; i < SENDERS; i++) {
            String user = i % 2 == 0 ? alice : bob;
            ChatClient tab = connect("/privateChat/" + user);
            tab.awaitType("presence");
            tabs.put(user + "#" + i, tab);
        }
        return tabs; // both users are online before anyone sends: no message goes to a mailbox
    }

    /**
     * Every sender sends {@link #MESSAGES_PER_SENDER} messages without waiting for an answer, all senders in turns,
     * so that the service reads them from every loop at once; each text names its sender and its number.
     */
    private static void sendFromEach(Map<String, ChatClient> senders, Function<String, JsonObject> frame) {
        for (int n = 0; n < MESSAGES_PER_SENDER; n++) {
            for (Map.Entry<String, ChatClient> sender : senders.entrySet()) {
                sender.getValue().send(frame.apply(sender.getKey()).put("info", sender.getKey() + " " + n));
            }
        }
    }

    private static List<List<JsonObject>> receiveAll(Iterable<ChatClient> recipients, int count) {
        List<List<JsonObject>> all = new ArrayList<>();
        for (ChatClient client : recipients) {
            List<JsonObject> frames = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                frames.add(client.await(f -> "message".equals(f.getString("type")), "message " + (i + 1) + " of " + count,
                        ALL_ARRIVE));
            }
            all.add(frames);
        }
        return all;
    }

    /** Offsets 1, 2, 3, ... for every recipient, with the same message at each offset for all. */
    private static void assertOneOrderWithoutGaps(List<List<JsonObject>> received) {
        List<String> first = null;
        for (List<JsonObject> frames : received) {
            List<String> order = new ArrayList<>(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                JsonObject frame = frames.get(i);
                assertEquals(i + 1, frame.getLong("offset"), "the message after offset " + i + ": " + frame.encode());
                order.add(frame.getString("id"));
            }
            if (first == null) {
                first = order;
            } else {
                assertEquals(first, order, "two recipients received the stream in different orders");
            }
        }
    }

    /** Each sender's numbers 0, 1, 2, ... in the order they arrive; a text names its sender (a user or a tab). */
    private static void assertEachSenderInOrder(List<JsonObject> frames) {
        Map<String, Integer> next = new HashMap<>();
        for (JsonObject frame : frames) {
            String info = frame.getString("info");
            String sender = info.substring(0, info.indexOf(' '));
            int number = Integer.parseInt(info.substring(info.indexOf(' ') + 1));
            int expected = next.getOrDefault(sender, 0);
            assertEquals(expected, number, sender + "'s messages out of order: " + info);
            next.put(sender, expected + 1);
        }
        assertEquals(SENDERS, next.size(), "a sender's messages are missing: " + next);
        assertTrue(next.values().stream().allMatch(n -> n == MESSAGES_PER_SENDER), "messages are missing: " + next);
    }

    /** Connects as the person who holds the path's name: a further tab presents the key of the first. */
    private ChatClient connect(String path) {
        String user = path.split("/")[2];
        String key = keys.get(user);
        ChatClient client = ChatClient.connect(vertx,
                URI.create("ws://127.0.0.1:" + service.port() + (key == null ? path : path + "?key=" + key)));
        clients.add(client);
        if (key == null && client.welcome() != null && client.welcome().getString("key") != null) {
            keys.putIfAbsent(user, client.welcome().getString("key"));
        }
        return client;
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
