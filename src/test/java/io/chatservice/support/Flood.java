package io.chatservice.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * Clients that send as much as the limits allow and no more: each connection under its own name, in its own room,
 * sends a message of {@code textBytes} every {@code 1/rate} seconds, and when the service answers
 * {@code RATE_LIMITED} it waits the {@code retry_after_ms} it was told, as a well-behaved client does (after
 * {@code UNAVAILABLE}, half a second). What the
 * service accepted is counted from the echo each connection receives in its own room. Frames are never kept: the
 * flood must not fill the test's own heap.
 */
public final class Flood implements AutoCloseable {

    private static final long UNAVAILABLE_PAUSE_MS = 500;

    private final Vertx vertx;
    private final int port;
    private final String text;
    private final long periodMillis;
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong acceptedBytes = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong otherErrors = new AtomicLong();

    /** @param rate messages per second per connection */
    public Flood(Vertx vertx, int port, int textBytes, double rate) {
        this.vertx = vertx;
        this.port = port;
        this.text = "x".repeat(textBytes);
        this.periodMillis = Math.max(1, Math.round(1000 / rate));
    }

    /**
     * Opens {@code count} connections from the loopback address {@code source} (any 127.x.y.z is this machine, and
     * the service sees each as another client address), named {@code prefix-<n>}, each in room {@code prefix-<n>},
     * all at once.
     */
    public void from(String source, String prefix, int count) {
        from(source, prefix, count, 0);
    }

    /** As {@link #from(String, String, int)}, opening one connection every {@code spacingMillis}. */
    public void from(String source, String prefix, int count, long spacingMillis) {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(source)
                .setMaxConnections(10_000).setMaxMessageSize(1 << 20).setConnectTimeout(30_000));
        synchronized (clients) {
            clients.add(client);
        }
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            String path = "/groupchat/" + name + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
            Runnable connect = () -> client
                    .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path))
                    .onSuccess(socket -> drive(socket, name)).onFailure(e -> failed.incrementAndGet());
            if (spacingMillis > 0 && i > 0) {
                vertx.setTimer(spacingMillis * i, id -> connect.run());
            } else {
                connect.run();
            }
        }
    }

    private void drive(WebSocket socket, String room) {
        synchronized (sockets) {
            sockets.add(socket);
        }
        open.incrementAndGet();
        String frame = new JsonObject().put("room", room).put("info", text).encode();
        long[] pausedUntil = { 0 };
        long timer = vertx.setPeriodic(periodMillis, id -> {
            if (System.nanoTime() - pausedUntil[0] >= 0 && !socket.isClosed()) {
                socket.writeTextMessage(frame);
            }
        });
        socket.textMessageHandler(message -> {
            JsonObject parsed = new JsonObject(message);
            String type = parsed.getString("type");
            if ("message".equals(type)) {
                accepted.incrementAndGet();
                acceptedBytes.addAndGet(text.length());
            } else if ("error".equals(type)) {
                String code = parsed.getString("code");
                if ("RATE_LIMITED".equals(code)) {
                    rateLimited.incrementAndGet();
                    long wait = parsed.getLong("retry_after_ms", 100L);
                    pausedUntil[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
                } else if ("UNAVAILABLE".equals(code)) {
                    unavailable.incrementAndGet(); // try again in a moment, as the protocol says
                    pausedUntil[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UNAVAILABLE_PAUSE_MS);
                } else {
                    otherErrors.incrementAndGet();
                }
            }
        });
        socket.closeHandler(v -> {
            vertx.cancelTimer(timer);
            open.decrementAndGet();
        });
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** Connections that could not be opened. */
    public int failed() {
        return failed.get();
    }

    /** Messages the service accepted and delivered. */
    public long accepted() {
        return accepted.get();
    }

    /** Bytes of text the service accepted and delivered. */
    public long acceptedBytes() {
        return acceptedBytes.get();
    }

    /** {@code RATE_LIMITED} answers, each waited out. */
    public long rateLimited() {
        return rateLimited.get();
    }

    /** {@code UNAVAILABLE} answers (Redis could not keep the message), each followed by a pause. */
    public long unavailable() {
        return unavailable.get();
    }

    /** Any other error frame: there should be none. */
    public long otherErrors() {
        return otherErrors.get();
    }

    @Override
    public void close() {
        synchronized (sockets) {
            sockets.forEach(socket -> socket.close());
            sockets.clear();
        }
        synchronized (clients) {
            clients.forEach(WebSocketClient::close);
            clients.clear();
        }
    }
}
