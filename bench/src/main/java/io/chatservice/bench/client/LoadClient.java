package io.chatservice.bench.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * Opens and drives many WebSocket connections with the Vert.x client. Every text frame a connection receives goes
 * through {@link Payload#parse} into one {@link Meter}.
 */
public final class LoadClient implements AutoCloseable {

    /** Handshakes in flight at once: enough to be quick, few enough not to overflow a listen backlog. */
    private static final int CONNECT_CONCURRENCY = 64;

    private final Vertx vertx;
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final Meter meter = new Meter();
    private volatile Member.Arrival arrival = (at, pair) -> {
    };

    public LoadClient(int eventLoops, List<String> sourceAddresses) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setBlockedThreadCheckInterval(60_000));
        for (String source : sourceAddresses) {
            WebSocketClientOptions options = new WebSocketClientOptions()
                    .setMaxConnections(100_000)
                    .setMaxFrameSize(1 << 20)
                    .setMaxMessageSize(1 << 22)
                    .setConnectTimeout(30_000)
                    .setTcpNoDelay(true)
                    .setLocalAddress(source);
            clients.add(vertx.createWebSocketClient(options));
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    public Meter meter() {
        return meter;
    }

    public void onArrival(Member.Arrival arrival) {
        this.arrival = arrival;
    }

    /**
     * Opens {@code count} connections; connection i goes to {@code path.apply(i)} as user {@code user.apply(i)}.
     * Returns the members that opened (failures are counted, not retried) once all attempts ended or time ran out.
     */
    public List<Member> connect(String host, int port, int count, IntFunction<String> user, IntFunction<String> path,
            long timeoutSeconds) throws InterruptedException {
        List<Member> opened = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count || System.nanoTime() > deadline) {
                return;
            }
            WebSocketClient client = clients.get(i % clients.size());
            client.connect(port, host, path.apply(i)).onComplete(ar -> {
                if (ar.succeeded()) {
                    opened.add(attach(ar.result(), user.apply(i), i));
                }
                if (ended.incrementAndGet() == count) {
                    done.complete(null);
                }
                step[0].run();
            });
        };
        for (int k = 0; k < Math.min(CONNECT_CONCURRENCY, count); k++) {
            step[0].run();
        }
        try {
            done.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Time ran out: report what opened.
        }
        List<Member> result = new ArrayList<>(opened);
        result.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return result;
    }

    private Member attach(WebSocket socket, String user, int index) {
        Member member = new Member(user, index, socket);
        socket.frameHandler(frame -> {
            if (!frame.isText() && !frame.isContinuation()) {
                return;
            }
            meter.onFrame();
            long[] parsed = Payload.parse(frame.binaryData());
            if (parsed != null) {
                meter.onDelivery(parsed[0]);
                arrival.arrived(member, parsed[1]);
            }
        });
        socket.closeHandler(v -> member.markClosed());
        socket.exceptionHandler(e -> {
        });
        return member;
    }

    /** Waits until no frame has arrived for {@code quietMillis}, or {@code maxMillis} passed. */
    public void awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (System.nanoTime() < end) {
            if (System.nanoTime() - meter.lastFrameNanos() > TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing is best effort: the process is about to move on or exit.
        }
    }
}
