package io.chatservice.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.Sessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;

/**
 * Graceful shutdown. On SIGTERM Quarkus first reports not-ready for {@code quarkus.shutdown.delay} and fires
 * {@link ShutdownDelayInitiatedEvent}: from then on new WebSocket upgrades are refused ({@link DrainingUpgradeCheck}),
 * and the open connections are closed with 1001 (going away), after what was already queued to each, in batches
 * spread over {@code chat.drain.window} ({@link DrainPlan}): their clients reconnect to the other nodes a few at a
 * time instead of all in one instant. Whatever is still open at {@link ShutdownEvent} (all of it when there was no
 * delay: dev, tests) is closed then.
 */
@Startup // its meters are published from the start, not from the first upgrade
@Singleton
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);
    /** The last batch leaves at least this long before the delay ends: time for its close frames, or a late loop. */
    private static final Duration LAST_BATCH_MARGIN = Duration.ofSeconds(1);
    private static final CloseReason GOING_AWAY = new CloseReason(CloseCodes.GOING_AWAY, "server shutting down");

    private final OpenConnections connections;
    private final Vertx vertx;
    private final ChatConfig.Drain settings;
    private final Optional<Duration> shutdownDelay;
    private final Duration closeTimeout;
    private final Counter sentAway;
    private final AtomicInteger pending = new AtomicInteger();
    private final List<Batch> batches = new ArrayList<>();
    private final Set<WebSocketConnection> planned = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile boolean draining;
    private volatile long startedAt;
    private volatile DrainPlan plan;
    /** The timer of the next batch; guarded by this. */
    private long timer = -1;
    /** ShutdownEvent has come: no more timers, the rest goes at once; guarded by this. */
    private boolean finishing;

    public Drain(OpenConnections connections, Vertx vertx, ChatConfig config, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> shutdownDelay) {
        this.connections = connections;
        this.vertx = vertx;
        this.settings = config.drain();
        this.shutdownDelay = shutdownDelay;
        this.closeTimeout = config.shutdown().closeTimeout();
        this.sentAway = Counter.builder("chat.drain.sent.away")
                .description("Connections a drain closed with 1001 (going away)").register(meters);
        Gauge.builder("chat.drain.pending", pending, AtomicInteger::get)
                .description("Connections a drain has yet to send away").register(meters);
        Duration delay = shutdownDelay.orElse(Duration.ZERO);
        if (!delay.isZero() && !delay.isNegative() && settings.window().compareTo(windowWithin(delay)) > 0) {
            LOG.warnf("chat.drain.window (%d ms) does not fit in quarkus.shutdown.delay (%d ms) less %d ms: a drain"
                    + " takes %d ms", settings.window().toMillis(), delay.toMillis(), LAST_BATCH_MARGIN.toMillis(),
                    windowWithin(delay).toMillis());
        }
    }

    /**
     * The window a drain takes within the shutdown delay: the one set, cut where it would end less than
     * {@link #LAST_BATCH_MARGIN} before the delay does. What is still open when the delay ends is closed by the
     * server's own stop, with 1000 rather than 1001.
     */
    private Duration windowWithin(Duration delay) {
        Duration room = delay.minus(LAST_BATCH_MARGIN);
        if (room.isNegative()) {
            room = Duration.ZERO;
        }
        return settings.window().compareTo(room) > 0 ? room : settings.window();
    }

    public boolean isDraining() {
        return draining;
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        start(windowWithin(shutdownDelay.orElse(Duration.ZERO)));
    }

    void onShutdown(@Observes ShutdownEvent event) {
        start(Duration.ZERO);
        sendAwayTheRest();
        awaitClosed();
    }

    private synchronized void start(Duration window) {
        if (draining) {
            return;
        }
        draining = true;
        startedAt = System.nanoTime();
        List<WebSocketConnection> open = new ArrayList<>();
        for (WebSocketConnection connection : connections) {
            if (connection.isOpen()) {
                open.add(connection);
            }
        }
        // A person's connections (a page's group and private ones, other tabs) go in the same batch, so that they
        // reconnect together; people come in an order that has nothing to do with names or arrival.
        open.sort(Comparator.comparingInt((WebSocketConnection c) -> scatter(userOf(c)))
                .thenComparing(Drain::userOf));
        planned.addAll(open);
        DrainPlan plan = DrainPlan.of(open.size(), window, settings.minInterval());
        pending.set(open.size());
        LOG.infof("draining: sending %d connections away (%d) in %d batches over %d ms", open.size(),
                CloseCodes.GOING_AWAY, plan.batches(), plan.at(plan.batches()).toMillis());
        for (int i = 0; i < plan.batches(); i++) {
            batches.add(new Batch(open.subList(plan.from(i), plan.from(i + 1))));
        }
        this.plan = plan;
        if (!batches.isEmpty()) {
            vertx.runOnContext(v -> next(0));
        }
    }

    /**
     * Sends batch {@code i} away, with any later ones already due (an event loop that fell behind catches up in one
     * larger batch rather than in a burst of small ones), and schedules the next one at its time in the plan, but
     * never sooner than the floor after this one.
     */
    private void next(int i) {
        int due = Math.max(i + 1, plan.dueBy(Duration.ofNanos(System.nanoTime() - startedAt)));
        for (int b = i; b < due; b++) {
            sendAway(batches.get(b));
        }
        if (due >= batches.size()) {
            return;
        }
        long wait = Math.max(settings.minInterval().toNanos(),
                plan.at(due).toNanos() - (System.nanoTime() - startedAt));
        synchronized (this) {
            if (!finishing) {
                timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), id -> next(due));
            }
        }
    }

    /** At ShutdownEvent: the batches not sent yet go now, and so do connections that got in as the drain began. */
    private void sendAwayTheRest() {
        List<Batch> all;
        synchronized (this) {
            finishing = true;
            vertx.cancelTimer(timer);
            all = List.copyOf(batches);
        }
        for (Batch batch : all) {
            sendAway(batch);
        }
        int late = 0;
        for (WebSocketConnection connection : connections) {
            boolean unplanned;
            synchronized (this) {
                unplanned = planned.add(connection);
            }
            if (unplanned && connection.isOpen()) {
                close(connection);
                late++;
            }
        }
        if (late > 0) {
            LOG.infof("draining: closed %d connections that opened as the drain began", late);
        }
    }

    private void sendAway(Batch batch) {
        if (!batch.sent.compareAndSet(false, true)) {
            return;
        }
        for (WebSocketConnection connection : batch.connections) {
            if (connection.isOpen()) {
                close(connection);
            }
        }
        if (pending.addAndGet(-batch.connections.size()) == 0) {
            LOG.infof("draining: sent %d connections away over %d ms", (long) sentAway.count(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        }
    }

    private void close(WebSocketConnection connection) {
        sentAway.increment();
        connection.close(GOING_AWAY).subscribe().with(done -> {
        }, failure -> LOG.debugf("closing %s failed: %s", connection.id(), failure.getMessage()));
    }

    /** Runs on the shutdown thread, which may wait: gives the close frames time to leave. */
    private void awaitClosed() {
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        while (connections.listAll().stream().anyMatch(WebSocketConnection::isOpen) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static String userOf(WebSocketConnection connection) {
        ChatSession session = Sessions.sessionOf(connection);
        return session == null ? connection.id() : session.user();
    }

    /** A fixed bijection of the name's hash: neighbours in the order are unrelated names. */
    private static int scatter(String user) {
        int h = user.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static final class Batch {
        final List<WebSocketConnection> connections;
        final AtomicBoolean sent = new AtomicBoolean();

        Batch(List<WebSocketConnection> connections) {
            this.connections = connections;
        }
    }
}
