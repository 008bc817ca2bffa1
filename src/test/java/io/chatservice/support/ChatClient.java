package io.chatservice.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;

/**
 * A real WebSocket client for the tests: it connects, sends text or binary, and waits (bounded) for frames and for
 * the close. It needs nothing injected, so the same tests can run against a packaged service.
 */
public final class ChatClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(5);
    /**
     * The first TLS handshake in a JVM sets up the JDK's TLS machinery, which took over 5 s on a busy 2-core machine;
     * later ones take milliseconds.
     */
    public static final Duration TLS_CONNECT_WAIT = Duration.ofSeconds(20);

    private final WebSocketClient client;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Released by the welcome frame, or by a close without one: a refused connection answers at once. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile JsonObject welcome;
    private volatile WebSocket socket;
    private volatile Short closeCode;
    private volatile String closeReason;

    private ChatClient(WebSocketClient client) {
        this.client = client;
    }

    /** Runs on the event loop as the handshake completes, before any frame is read, so none is missed. */
    private void attach(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> {
            JsonObject frame = new JsonObject(text);
            if ("welcome".equals(frame.getString("type")) && welcome == null) {
                welcome = frame;
                settled.countDown();
            }
            frames.add(frame);
        });
        socket.closeHandler(v -> {
            closeCode = socket.closeStatusCode();
            closeReason = socket.closeReason();
            closed.countDown();
            settled.countDown();
        });
    }

    /** Opens a connection to {@code uri} (ws://…), waiting for the handshake. */
    public static ChatClient connect(Vertx vertx, URI uri) {
        return connect(vertx, uri, Map.of(), List.of());
    }

    /** Opens a connection with extra handshake headers, offering the subprotocols given (none if empty). */
    public static ChatClient connect(Vertx vertx, URI uri, Map<String, String> headers, List<String> subprotocols) {
        return connect(vertx, uri, new WebSocketClientOptions(), WAIT, headers, subprotocols);
    }

    /** Opens a connection from the loopback address {@code source}, which the service sees as another client's. */
    public static ChatClient connectFrom(Vertx vertx, URI uri, String source) {
        return connect(vertx, uri, new WebSocketClientOptions().setLocalAddress(source), WAIT, Map.of(), List.of());
    }

    /**
     * Opens a connection over TLS to {@code uri} (wss://…), waiting for the handshake. The server's certificate must
     * chain to {@code trust} and name the host of {@code uri}.
     */
    public static ChatClient connect(Vertx vertx, URI uri, TrustOptions trust) {
        return connect(vertx, uri, new WebSocketClientOptions().setSsl(true).setTrustOptions(trust), TLS_CONNECT_WAIT,
                Map.of(), List.of());
    }

    private static ChatClient connect(Vertx vertx, URI uri, WebSocketClientOptions clientOptions, Duration wait,
            Map<String, String> headers, List<String> subprotocols) {
        WebSocketClient client = vertx.createWebSocketClient(clientOptions.setMaxMessageSize(1 << 20));
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(uri.getHost()).setPort(uri.getPort()).setSsl(clientOptions.isSsl())
                .setURI(uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery());
        headers.forEach(options::addHeader);
        subprotocols.forEach(options::addSubProtocol);
        ChatClient chat = new ChatClient(client);
        Promise<WebSocket> connected = Promise.promise();
        // Connecting from the client's own context runs attach before that context reads the first frame.
        vertx.getOrCreateContext().runOnContext(v -> client.connect(options).onSuccess(chat::attach).onComplete(connected));
        try {
            connected.future().toCompletionStage().toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return chat;
        } catch (Exception e) {
            client.close();
            throw new AssertionError("could not connect to " + uri, e);
        }
    }

    public ChatClient send(String text) {
        socket.writeTextMessage(text);
        return this;
    }

    public ChatClient send(JsonObject json) {
        return send(json.encode());
    }

    public ChatClient sendBinary(byte[] data) {
        socket.writeBinaryMessage(Buffer.buffer(data));
        return this;
    }

    /** The next frame, whatever it is. */
    public JsonObject next() {
        return next(WAIT);
    }

    public JsonObject next(Duration wait) {
        try {
            JsonObject frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(frame, "no frame within " + wait);
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips frames until one matches. */
    public JsonObject await(Predicate<JsonObject> match, String description) {
        return await(match, description, WAIT);
    }

    /** Skips frames until one matches, waiting longer than usual for work that takes longer. */
    public JsonObject await(Predicate<JsonObject> match, String description, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
                if (frame == null) {
                    return fail("no frame matching " + description + " within " + wait);
                }
                if (match.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A room's notice that the user came: its own {@code join}, or a {@code changes} frame that names it among those
     * who joined (comings and goings within one notify interval share a frame).
     */
    public static Predicate<JsonObject> joined(String user) {
        return notice("join", "joined", user);
    }

    /** A room's notice that the user went: its own {@code leave}, or a {@code changes} frame that names it. */
    public static Predicate<JsonObject> left(String user) {
        return notice("leave", "left", user);
    }

    private static Predicate<JsonObject> notice(String type, String list, String user) {
        return f -> type.equals(f.getString("type")) && user.equals(f.getString("from_user"))
                || "changes".equals(f.getString("type")) && f.getJsonArray(list) != null
                        && f.getJsonArray(list).contains(user);
    }

    public JsonObject awaitType(String type) {
        return await(f -> type.equals(f.getString("type")), "type " + type);
    }

    /** The next chat message, skipping presence and notices. */
    public JsonObject nextMessage() {
        return awaitType("message");
    }

    /** A history run as received: its messages, oldest first, and the {@code history} frame that closes it. */
    public record HistoryRun(List<JsonObject> messages, JsonObject end) {

        public List<String> texts() {
            return messages.stream().map(m -> m.getString("info")).toList();
        }

        public List<Long> offsets() {
            return messages.stream().map(m -> m.getLong("offset")).toList();
        }
    }

    /**
     * Reads up to the next {@code history} frame; every message before it must be marked {@code history} (a run holds
     * live messages back until it ends), and so are the edits and deletes kept in the stream, which the run holds in
     * their places. Other frames (presence, notices) are skipped.
     */
    public HistoryRun historyRun() {
        List<JsonObject> messages = new ArrayList<>();
        while (true) {
            JsonObject frame = next();
            String type = frame.getString("type");
            if ("history".equals(type)) {
                return new HistoryRun(List.copyOf(messages), frame);
            }
            if ("message".equals(type)) {
                assertTrue(frame.getBoolean("history", false), "a live message inside a history run: " + frame.encode());
                messages.add(frame);
            } else if (("edited".equals(type) || "deleted".equals(type)) && frame.getBoolean("history", false)) {
                messages.add(frame); // a change kept in the stream, in its place
            }
        }
    }

    public JsonObject awaitError(String code) {
        return await(f -> "error".equals(f.getString("type")) && code.equals(f.getString("code")), "error " + code);
    }

    /** Fails if a frame that matches arrives within {@code wait}; the frames that do not match are skipped. */
    public void assertNothingMatching(Predicate<JsonObject> match, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                JsonObject frame = frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && match.test(frame)) {
                    fail("unexpected frame " + frame.encode());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for the server to close the connection and returns the close code. */
    public int awaitClose() {
        return awaitClose(WAIT);
    }

    /** Waits, at most {@code wait}, for the server to close the connection and returns the close code. */
    public int awaitClose(Duration wait) {
        try {
            assertTrue(closed.await(wait.toMillis(), TimeUnit.MILLISECONDS), "not closed within " + wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return closeCode == null ? -1 : closeCode;
    }

    /**
     * The connection's welcome frame, waiting for it (bounded); null as soon as the connection is closed without one
     * (refused), or if none came in time.
     */
    public JsonObject welcome() {
        try {
            if (!settled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return welcome;
    }

    /** The key this connection's name is held by, from its welcome frame. */
    public String key() {
        JsonObject frame = welcome();
        assertNotNull(frame, "no welcome frame");
        return frame.getString("key");
    }

    /** The subprotocol the server chose in the handshake, or null. */
    public String subprotocol() {
        return socket.subProtocol();
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    @Override
    public void close() {
        if (!isClosed()) {
            socket.close();
            try {
                closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}
