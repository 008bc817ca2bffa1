package io.chatservice.bench.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * A child process of the storm scenario: its share of the connections, opened all at once when the runner says so,
 * as clients do when a server they were all connected to comes back. One process may hold at most as many
 * connections as it may have file descriptors, so a storm is spread over several, each from its own 127.0.0.x.
 * <p>
 * Usage: {@code StormClient HOST PORT SOURCE PREFIX FIRST COUNT ROOM READY TIMEOUT_SECONDS}. Connection i is user
 * {@code PREFIX<FIRST+i>}, to {@code /privateChat/<user>} if ROOM is {@code -}, else to {@code /groupchat/<user>/<ROOM>}.
 * A connection is ready (READY) on its {@code welcome} frame, on its first {@code presence} frame, or as soon as it
 * is {@code open}; an {@code error} frame or a close before that is a refusal, and not being ready within the
 * timeout is a time-out. Protocol on stdin and stdout, one line each:
 * <pre>
 *   out: armed
 *   in:  go                      every connect is started at once
 *   out: ready R refused F timedout T first NANOS last NANOS   (System.nanoTime: one clock for every process)
 *   in:  stop                    the traffic counted so far is reported, and everything is closed
 *   out: frames N bytes B
 * </pre>
 * Frames are WebSocket text messages (a message in several frames counts once); bytes are their payloads.
 */
public final class StormClient {

    public enum Ready {
        WELCOME("\"type\":\"welcome\""), PRESENCE("\"type\":\"presence\""), OPEN(null);

        final byte[] mark;

        Ready(String mark) {
            this.mark = mark == null ? null : mark.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] ERROR = "\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);

    /** Why connections were refused, and how many each: written to stderr, which the runner keeps in a log. */
    private final Map<String, Integer> causes = new ConcurrentHashMap<>();
    private final LongAdder frames = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong lastReady = new AtomicLong();
    private final CountDownLatch settled;
    private final Ready readyOn;

    private StormClient(int count, Ready readyOn) {
        this.settled = new CountDownLatch(count);
        this.readyOn = readyOn;
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String source = args[2];
        String prefix = args[3];
        int first = Integer.parseInt(args[4]);
        int count = Integer.parseInt(args[5]);
        String room = args[6];
        Ready readyOn = Ready.valueOf(args[7].toUpperCase(Locale.ROOT));
        int timeoutSeconds = Integer.parseInt(args[8]);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(60_000));
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(100_000)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 26)
                .setConnectTimeout(timeoutSeconds * 1000)
                .setTcpNoDelay(true)
                .setLocalAddress(source));
        List<String> paths = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String user = prefix + (first + i);
            paths.add(room.equals("-") ? "/privateChat/" + user : "/groupchat/" + user + "/" + room);
        }
        StormClient storm = new StormClient(count, readyOn);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("armed");
        System.out.flush();
        if (!"go".equals(in.readLine())) {
            System.exit(1);
        }
        long start = System.nanoTime();
        // Every connect at once, from the event loop: what the server sees is the clients', not this loop's, pace.
        vertx.runOnContext(v -> paths.forEach(path -> client.connect(port, host, path).onComplete(ar -> {
            if (ar.failed()) {
                storm.refused(String.valueOf(ar.cause()));
            } else {
                storm.attach(ar.result());
            }
        })));
        boolean all = storm.settled.await(timeoutSeconds, TimeUnit.SECONDS);
        int r = storm.ready.get();
        int f = storm.refused.get();
        System.out.printf(Locale.ROOT, "ready %d refused %d timedout %d first %d last %d%n", r, f,
                all ? 0 : count - r - f, start, storm.lastReady.get());
        System.out.flush();
        storm.causes.forEach((why, n) -> System.err.println(n + " refused: " + why));
        System.err.flush();
        in.readLine(); // stop
        System.out.printf(Locale.ROOT, "frames %d bytes %d%n", storm.frames.sum(), storm.bytes.sum());
        System.out.flush();
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        System.exit(0);
    }

    private void refused(String why) {
        causes.merge(why, 1, Integer::sum);
        refused.incrementAndGet();
        settled.countDown();
    }

    private void ready() {
        ready.incrementAndGet();
        lastReady.accumulateAndGet(System.nanoTime(), Math::max);
        settled.countDown();
    }

    private void attach(WebSocket socket) {
        // 0: waiting for what makes it ready; 1: ready; 2: refused. Only the first text frame of a message is looked at.
        int[] state = {readyOn == Ready.OPEN ? 1 : 0};
        boolean[] inMessage = {false};
        if (state[0] == 1) {
            ready();
        }
        socket.frameHandler(frame -> {
            if (!frame.isText() && !frame.isContinuation()) {
                return;
            }
            Buffer data = frame.binaryData();
            bytes.add(data.length());
            if (frame.isFinal()) {
                frames.increment();
            }
            boolean starts = !inMessage[0];
            inMessage[0] = !frame.isFinal();
            if (state[0] == 0 && starts) {
                if (contains(data, readyOn.mark)) {
                    state[0] = 1;
                    ready();
                } else if (contains(data, ERROR)) {
                    state[0] = 2;
                    refused("error frame " + data.getString(0, Math.min(data.length(), 300), "UTF-8"));
                }
            }
        });
        socket.closeHandler(v -> {
            if (state[0] == 0) {
                state[0] = 2;
                refused("closed " + socket.closeStatusCode() + " " + socket.closeReason());
            }
        });
        socket.exceptionHandler(e -> {
        });
    }

    private static boolean contains(Buffer frame, byte[] mark) {
        int n = Math.min(frame.length(), 256); // every server puts the type first or near it
        outer:
        for (int i = 0; i <= n - mark.length; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (frame.getByte(i + j) != mark[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
