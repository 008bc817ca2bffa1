package io.chatservice.bench.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * Opens and drives many WebSocket connections with the Vert.x client. Every text frame a connection receives goes
 * through {@link Payload#parse} into one {@link Meter}, but for the {@code welcome} frame that opens a connection to
 * a server holding names by key.
 */
public final class LoadClient implements AutoCloseable {

    /** Handshakes in flight at once: enough to be quick, few enough not to overflow a listen backlog. */
    private static final int CONNECT_CONCURRENCY = 64;

    private final Vertx vertx;
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final Meter meter = new Meter();
    private volatile Member.Arrival arrival = (at, pair, sendNanos) -> {
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

    /** Opens {@code count} connections to a server that does not hold names by key: see the other overload. */
    public List<Member> connect(String host, int port, int count, IntFunction<String> user, IntFunction<String> path,
            long timeoutSeconds) throws InterruptedException {
        return connect(host, port, count, user, path, false, timeoutSeconds);
    }

    /**
     * Opens {@code count} connections; connection i goes to {@code path.apply(i)} as user {@code user.apply(i)}.
     * Returns the members that opened (failures are counted, not retried) once all attempts ended or time ran out;
     * any that opens later is closed.
     * <p>
     * With {@code keyedNames} (a server that holds names by key, see {@code ServerSpec.keyedNames}) a connection
     * counts as open only once its {@code welcome} frame arrived, since that server refuses a connection after the
     * upgrade (an error frame, then close 1008). The first connection of each user is opened first, all users in
     * parallel; then the user's further connections, each presenting the key the first was welcomed with as
     * {@code ?key=}. A user whose first connection failed gets no further ones. A build of the service from before
     * keys (a {@code --variant}) sends no welcome: a connection whose first frame is its presence is open, keyless.
     */
    public List<Member> connect(String host, int port, int count, IntFunction<String> user, IntFunction<String> path,
            boolean keyedNames, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<Integer> all = IntStream.range(0, count).boxed().toList();
        if (!keyedNames) {
            return sorted(open(host, port, all, user, path, false, deadline));
        }
        Map<String, Integer> firsts = new LinkedHashMap<>();
        List<Integer> further = new ArrayList<>();
        for (int i : all) {
            if (firsts.putIfAbsent(user.apply(i), i) != null) {
                further.add(i);
            }
        }
        List<Member> opened = new ArrayList<>(
                open(host, port, new ArrayList<>(firsts.values()), user, path, true, deadline));
        Map<String, Member> first = new HashMap<>();
        opened.forEach(m -> first.put(m.user(), m));
        List<Integer> tabs = further.stream().filter(i -> first.containsKey(user.apply(i))).toList();
        opened.addAll(open(host, port, tabs, user, i -> withKey(path.apply(i), first.get(user.apply(i)).key()), true,
                deadline));
        return sorted(opened);
    }

    private static String withKey(String path, String key) {
        return key == null ? path
                : path + (path.indexOf('?') < 0 ? "?" : "&") + "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private static List<Member> sorted(List<Member> members) {
        List<Member> result = new ArrayList<>(members);
        result.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return result;
    }

    /** Opens the connections of {@code indices}, {@link #CONNECT_CONCURRENCY} at a time, until {@code deadline}. */
    private List<Member> open(String host, int port, List<Integer> indices, IntFunction<String> user,
            IntFunction<String> path, boolean awaitWelcome, long deadline) throws InterruptedException {
        int count = indices.size();
        if (count == 0) {
            return List.of();
        }
        List<Member> opened = new ArrayList<>();
        List<Member> attached = Collections.synchronizedList(new ArrayList<>());
        boolean[] over = new boolean[1]; // guarded by opened
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            int k = next.getAndIncrement();
            if (k >= count || System.nanoTime() > deadline) {
                return;
            }
            int i = indices.get(k);
            Consumer<Member> end = member -> {
                if (member != null) {
                    synchronized (opened) {
                        if (over[0]) {
                            member.close(); // too late: the caller has moved on without it
                        } else {
                            opened.add(member);
                        }
                    }
                }
                if (ended.incrementAndGet() == count) {
                    done.complete(null);
                }
                step[0].run();
            };
            WebSocketClient client = clients.get(i % clients.size());
            client.connect(port, host, path.apply(i)).onComplete(ar -> {
                if (ar.failed()) {
                    end.accept(null);
                    return;
                }
                if (awaitWelcome) {
                    Member[] member = new Member[1];
                    member[0] = attach(ar.result(), user.apply(i), i, welcomed -> end.accept(welcomed ? member[0] : null));
                    attached.add(member[0]);
                } else {
                    end.accept(attach(ar.result(), user.apply(i), i, null));
                }
            });
        };
        for (int k = 0; k < Math.min(CONNECT_CONCURRENCY, count); k++) {
            step[0].run();
        }
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            // Time ran out: report what opened.
        }
        List<Member> result;
        synchronized (opened) {
            over[0] = true;
            result = new ArrayList<>(opened);
        }
        synchronized (attached) {
            Set<Member> in = Collections.newSetFromMap(new IdentityHashMap<>());
            in.addAll(result);
            attached.stream().filter(m -> !in.contains(m)).forEach(Member::close); // upgraded, never welcomed
        }
        return result;
    }

    /**
     * @param welcome if not null, told once whether the connection was welcomed (true) or closed before (false); the
     *        welcome frame itself is not a delivery
     */
    private Member attach(WebSocket socket, String user, int index, Consumer<Boolean> welcome) {
        Member member = new Member(user, index, socket);
        AtomicReference<Consumer<Boolean>> awaiting = new AtomicReference<>(welcome);
        socket.frameHandler(frame -> {
            if (!frame.isText() && !frame.isContinuation()) {
                return;
            }
            meter.onFrame();
            Consumer<Boolean> w = awaiting.get();
            if (w != null) {
                Buffer data = frame.binaryData();
                if (Payload.isWelcome(data)) {
                    member.welcomed(Payload.welcomeKey(data));
                    if (awaiting.compareAndSet(w, null)) {
                        w.accept(true);
                    }
                    return;
                }
                if (Payload.isError(data) || Payload.isPresence(data)) {
                    // Refused; or a build from before welcome frames, which greets with presence: in, without a key.
                    if (awaiting.compareAndSet(w, null)) {
                        w.accept(!Payload.isError(data));
                    }
                }
            }
            long[] parsed = Payload.parse(frame.binaryData());
            if (parsed != null) {
                meter.onDelivery(parsed[0]);
                arrival.arrived(member, parsed[1], parsed[0]);
            }
        });
        socket.closeHandler(v -> {
            member.markClosed();
            Consumer<Boolean> w = awaiting.getAndSet(null);
            if (w != null) {
                w.accept(false);
            }
        });
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
