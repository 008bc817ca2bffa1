package io.chatservice.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;

/**
 * What the WebSocket tests share: a Vert.x instance for the clients, the service's address, helpers that connect as
 * a user and wait for the server's own "you are in" frame, and the closing of every client after each test. Nothing
 * here is injected, so a packaged-service test can extend a test class as it is.
 */
public abstract class ChatTestBase {

    private static Vertx vertx;
    /** The first admitted client of each name: a further connection under the name presents its key, as a person's tabs do. */
    private static final Map<String, ChatClient> holders = new ConcurrentHashMap<>();
    private final List<ChatClient> clients = new ArrayList<>();

    @TestHTTPResource("/")
    protected URI base;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ChatClient::close);
        clients.clear();
        holders.clear();
    }

    /**
     * {@code first} and eight random letters from a to p (each hex digit of a random id as one): a name, or a prefix
     * of names, that no other test's users have and whose every spelling is one name.
     */
    public static String letters(char first) {
        String hex = UUID.randomUUID().toString().replace("-", "");
        StringBuilder letters = new StringBuilder().append(first);
        for (int i = 0; i < 8; i++) {
            letters.append((char) ('a' + Character.digit(hex.charAt(i), 16)));
        }
        return letters.toString();
    }

    /** A name no other test uses: every test shares one running service. */
    protected static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Connects to any path as the person who holds its name: a name that one of this test's clients was admitted
     * under is proven with that client's key. Does not wait for a frame.
     */
    protected ChatClient connect(String path) {
        String user = userOf(path);
        ChatClient holder = user == null ? null : holders.get(user);
        String key = holder == null ? null : holder.welcome() == null ? null : holder.welcome().getString("key");
        ChatClient client = connect(path, key == null ? null : "key=" + key);
        if (user != null && holder == null) {
            holders.putIfAbsent(user, client);
        }
        return client;
    }

    /** Connects as someone else would, with no key, or with the query given (raw, e.g. {@code key=…}). */
    protected ChatClient connect(String path, String query) {
        return connect(path, query, Map.of(), List.of());
    }

    /**
     * Connects with the query given (raw, or null), extra handshake headers (e.g. {@code Authorization}), and the
     * subprotocols to offer (none if empty). Does not wait for a frame.
     */
    protected ChatClient connect(String path, String query, Map<String, String> headers, List<String> subprotocols) {
        try {
            URI uri = new URI("ws", null, base.getHost(), base.getPort(), path, null, null);
            String ascii = uri.toASCIIString() + (query == null ? "" : "?" + query);
            ChatClient client = ChatClient.connect(vertx, URI.create(ascii), headers, subprotocols);
            clients.add(client);
            return client;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    /**
     * Connects from another loopback address ({@code source}, e.g. 127.0.3.1), which the service counts as another
     * client: what it spends of an address's budgets leaves the other tests' address alone. Does not wait for a frame.
     */
    protected ChatClient connectFrom(String path, String source) {
        try {
            URI uri = new URI("ws", null, base.getHost(), base.getPort(), path, null, null);
            ChatClient client = ChatClient.connectFrom(vertx, URI.create(uri.toASCIIString()), source);
            clients.add(client);
            return client;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    /** Connects as a stranger: no key, whoever holds the name. */
    protected ChatClient connectAsStranger(String path) {
        return connect(path, null);
    }

    /** The username of a chat path, or null for any other path. */
    private static String userOf(String path) {
        String[] parts = path.split("/");
        return parts.length >= 3 && (parts[1].equals("groupchat") || parts[1].equals("privateChat")) ? parts[2] : null;
    }

    /**
     * Connects over TLS (wss://) to a path of the service's https address {@code httpsBase}, trusting {@code trust},
     * without waiting for a frame.
     */
    protected ChatClient connectTls(URI httpsBase, String path, TrustOptions trust) {
        try {
            URI uri = new URI("wss", null, httpsBase.getHost(), httpsBase.getPort(), path, null, null);
            ChatClient client = ChatClient.connect(vertx, URI.create(uri.toASCIIString()), trust);
            clients.add(client);
            return client;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    /** Joins group chat on the seed's path (the default room) and waits for the room's presence frame. */
    protected ChatClient group(String user) {
        ChatClient client = connect("/groupchat/" + user);
        client.awaitType("presence");
        return client;
    }

    /** Joins group chat in a named room and waits for its presence frame. */
    protected ChatClient group(String user, String room) {
        ChatClient client = connect("/groupchat/" + user + "/" + room);
        client.awaitType("presence");
        return client;
    }

    /** Opens private chat and waits for the presence frame of the private channel. */
    protected ChatClient direct(String user) {
        ChatClient client = connect("/privateChat/" + user);
        client.awaitType("presence");
        return client;
    }

    /**
     * Has a private connection watch the users as well (it hears them come online and go offline from then on), and
     * waits for the answer.
     */
    protected static void watch(ChatClient client, String... users) {
        client.send(new JsonObject().put("type", "watch").put("mode", "add")
                .put("users", new io.vertx.core.json.JsonArray(List.of(users))));
        client.awaitType("watching");
    }

    protected static JsonObject say(String info) {
        return new JsonObject().put("info", info);
    }

    protected static JsonObject sayIn(String room, String info) {
        return new JsonObject().put("room", room).put("info", info);
    }

    protected static JsonObject tell(String toUser, String info) {
        return new JsonObject().put("to_user", toUser).put("info", info);
    }
}
