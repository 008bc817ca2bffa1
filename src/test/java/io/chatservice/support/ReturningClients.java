package io.chatservice.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * Private-channel clients that come back as a well-behaved client does: after any close each one reconnects, to one
 * of the nodes a load balancer offers at that moment, after a full-jitter back-off (a random pause up to a cap that
 * doubles with each failed attempt), and after 1001 (its node drains) at a random moment within a spread, presenting
 * the key of its name. Light enough for thousands in one test: one shared WebSocket client, nothing blocks.
 */
public final class ReturningClients implements AutoCloseable {

    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(2);

    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client;
    private final Supplier<List<ServiceProcess>> nodes;
    private final Duration drainSpread;
    private final List<Client> all = new ArrayList<>();
    private volatile boolean closing;

    /**
     * @param nodes the nodes a new connection may go to now (the load balancer's ready nodes)
     * @param drainSpread the spread of a client's return after 1001
     */
    public ReturningClients(Supplier<List<ServiceProcess>> nodes, Duration drainSpread) {
        this.nodes = nodes;
        this.drainSpread = drainSpread;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(50_000)
                .setConnectTimeout(5_000).setMaxMessageSize(1 << 20));
    }

    /** A client for this user, connecting now. */
    public Client connect(String user) {
        Client c = new Client(user);
        synchronized (all) {
            all.add(c);
        }
        c.connect();
        return c;
    }

    public List<Client> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    @Override
    public void close() {
        closing = true;
        for (Client c : all()) {
            WebSocket socket = c.socket;
            if (socket != null) {
                socket.close();
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A close the client saw: its code and when ({@link System#nanoTime()}). */
    public record Close(int code, long at) {
    }

    public final class Client {
        private final String user;
        private final AtomicInteger welcomes = new AtomicInteger();
        private final ConcurrentLinkedQueue<Close> closes = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<JsonObject> messages = new ConcurrentLinkedQueue<>();
        private volatile String key;
        private volatile WebSocket socket;
        private volatile WebSocket welcomed;
        private volatile long welcomedAt;
        private volatile int port;
        private int attempts;

        private Client(String user) {
            this.user = user;
        }

        public String user() {
            return user;
        }

        /** Welcome frames received, one per connection let in. */
        public int welcomes() {
            return welcomes.get();
        }

        public List<Close> closes() {
            return List.copyOf(closes);
        }

        /** The port of the node the client is on now, or last was on. */
        public int port() {
            return port;
        }

        /** Whether it is connected and let in now. */
        public boolean isIn() {
            WebSocket s = socket;
            return s != null && s == welcomed && !s.isClosed();
        }

        /** When its last welcome came ({@link System#nanoTime()}), 0 before the first. */
        public long welcomedAt() {
            return welcomedAt;
        }

        /** Chat messages received ({@code from_user} and {@code info}). */
        public List<JsonObject> messages() {
            return List.copyOf(messages);
        }

        /** Sends a private message on the current connection. */
        public void send(String to, String text) {
            socket.writeTextMessage(new JsonObject().put("to_user", to).put("info", text).encode());
        }

        private void connect() {
            if (closing) {
                return;
            }
            List<ServiceProcess> live = nodes.get();
            if (live.isEmpty()) {
                retry(false);
                return;
            }
            ServiceProcess node = live.get(ThreadLocalRandom.current().nextInt(live.size()));
            String k = key;
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
                    .setURI("/privateChat/" + user + (k == null ? "" : "?key=" + k));
            client.connect(options).onSuccess(ws -> attach(ws, node.port())).onFailure(e -> retry(false));
        }

        private void attach(WebSocket ws, int at) {
            socket = ws;
            port = at;
            ws.textMessageHandler(text -> {
                JsonObject frame = new JsonObject(text);
                String type = frame.getString("type", "message");
                if ("welcome".equals(type)) {
                    if (frame.getString("key") != null) {
                        key = frame.getString("key");
                    }
                    synchronized (this) {
                        attempts = 0;
                    }
                    welcomedAt = System.nanoTime();
                    welcomed = ws;
                    welcomes.incrementAndGet();
                } else if ("message".equals(type) && frame.getString("info") != null) {
                    messages.add(frame);
                }
            });
            ws.closeHandler(v -> {
                Short code = ws.closeStatusCode();
                int c = code == null ? -1 : code;
                closes.add(new Close(c, System.nanoTime()));
                retry(c == 1001);
            });
        }

        private void retry(boolean sentAway) {
            if (closing) {
                return;
            }
            long cap;
            synchronized (this) {
                cap = sentAway ? drainSpread.toMillis() : Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempts, 10));
                attempts++;
            }
            long delay = 1 + (long) (ThreadLocalRandom.current().nextDouble() * cap);
            vertx.setTimer(delay, id -> connect());
        }
    }
}
