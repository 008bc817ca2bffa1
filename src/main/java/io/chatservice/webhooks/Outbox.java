package io.chatservice.webhooks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.vertx.core.Vertx;

/**
 * The events on their way to the backend, bounded: at most {@code maxPending} held (waiting, in flight or waiting
 * for a retry; more are dropped and counted) and {@code maxInFlight} requests at once. Events with one key (a user, a
 * room) go one at a time, in the order offered: the next waits until the one before is delivered or given up, so that
 * a backend never hears {@code user.offline} before the {@code user.online} it follows. Different keys go in parallel.
 * A failed attempt is retried after an exponential back-off with jitter, up to {@code maxAttempts}.
 * <p>
 * Thread-safe: offered from any thread; the state is changed under the lock, requests are made outside it.
 */
final class Outbox {

    /** Makes one attempt; completes with true for a 2xx answer, false (or fails) otherwise. Never blocks. */
    interface Attempt extends Function<WebhookEvent, CompletionStage<Boolean>> {
    }

    private static final class Entry {
        final WebhookEvent event;
        int attempts;
        /** The back-off timer while it waits for a retry, else -1. */
        long timer = -1;

        Entry(WebhookEvent event) {
            this.event = event;
        }
    }

    private final Vertx vertx;
    private final Attempt attempt;
    private final WebhookMetrics metrics;
    private final int maxPending;
    private final int maxInFlight;
    private final int maxAttempts;
    private final long backoffMillis;

    /** Each key's events in order; the head is the one being sent (or waiting for its retry). */
    private final Map<String, ArrayDeque<Entry>> byKey = new HashMap<>();
    /** Keys whose head may be sent now, in the order they became ready. */
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private int pending;
    private int inFlight;
    /** Shutting down: no more back-off, a failed attempt is the last. */
    private boolean closing;
    /** Shut down: new events are dropped. */
    private boolean closed;
    private CompletableFuture<Void> emptied;

    Outbox(Vertx vertx, Attempt attempt, WebhookMetrics metrics, int maxPending, int maxInFlight, int maxAttempts,
            long backoffMillis) {
        this.vertx = vertx;
        this.attempt = attempt;
        this.metrics = metrics;
        this.maxPending = maxPending;
        this.maxInFlight = maxInFlight;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
    }

    synchronized int pending() {
        return pending;
    }

    /** @return false if it was dropped: too many pending, or shut down */
    boolean offer(WebhookEvent event) {
        synchronized (this) {
            if (closed || pending >= maxPending) {
                if (closed) {
                    metrics.droppedShutdown(1);
                } else {
                    metrics.droppedFull();
                }
                return false;
            }
            pending++;
            ArrayDeque<Entry> queue = byKey.computeIfAbsent(event.key(), k -> new ArrayDeque<>());
            queue.add(new Entry(event));
            if (queue.size() == 1) {
                ready.add(event.key());
            }
        }
        pump();
        return true;
    }

    /** Starts as many ready heads as the in-flight bound lets. */
    private void pump() {
        List<Entry> start = new ArrayList<>();
        synchronized (this) {
            while (inFlight < maxInFlight && !ready.isEmpty()) {
                Entry head = byKey.get(ready.poll()).peek();
                head.attempts++;
                inFlight++;
                start.add(head);
            }
        }
        for (Entry entry : start) {
            CompletionStage<Boolean> answer;
            try {
                answer = attempt.apply(entry.event);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((ok, failure) -> answered(entry, failure == null && Boolean.TRUE.equals(ok)));
        }
    }

    private void answered(Entry entry, boolean delivered) {
        synchronized (this) {
            inFlight--;
            if (closed) {
                return; // counted as dropped at the end of the grace
            }
            if (delivered) {
                metrics.delivered();
                finish(entry);
            } else if (entry.attempts >= maxAttempts) {
                metrics.givenUp();
                finish(entry);
            } else if (closing) {
                metrics.droppedShutdown(1);
                finish(entry);
            } else {
                metrics.retried();
                entry.timer = vertx.setTimer(backoff(entry.attempts), id -> retry(entry));
            }
        }
        pump();
    }

    private void retry(Entry entry) {
        synchronized (this) {
            if (entry.timer == -1) {
                return; // taken early by a shutdown
            }
            entry.timer = -1;
            ready.add(entry.event.key());
        }
        pump();
    }

    /** Under the lock: the head of its key is done; the next of the key, if any, is ready. */
    private void finish(Entry entry) {
        String key = entry.event.key();
        ArrayDeque<Entry> queue = byKey.get(key);
        queue.poll();
        if (queue.isEmpty()) {
            byKey.remove(key);
        } else {
            ready.add(key);
        }
        pending--;
        if (pending == 0 && emptied != null) {
            emptied.complete(null);
        }
    }

    /** The pause before retry n (1, 2, ...): backoff × 2^(n-1), a random half to all of it, so retries spread out. */
    long backoff(int attempts) {
        long full = backoffMillis << Math.min(attempts - 1, 20);
        long half = full / 2;
        return Math.max(1, half + ThreadLocalRandom.current().nextLong(full - half + 1));
    }

    /**
     * Shuts down within {@code graceMillis}: events waiting for a retry are tried once more at once, and each pending
     * event has its attempts until the grace ends; whatever is still pending then is dropped and counted.
     */
    CompletionStage<Void> close(long graceMillis) {
        CompletableFuture<Void> done;
        synchronized (this) {
            closing = true;
            done = emptied = new CompletableFuture<>();
            if (pending == 0) {
                done.complete(null);
            }
            for (ArrayDeque<Entry> queue : byKey.values()) {
                Entry head = queue.peek();
                if (head.timer != -1) {
                    vertx.cancelTimer(head.timer);
                    head.timer = -1;
                    ready.add(head.event.key());
                }
            }
        }
        pump();
        long timer = vertx.setTimer(Math.max(1, graceMillis), id -> done.complete(null));
        return done.whenComplete((v, e) -> {
            vertx.cancelTimer(timer);
            synchronized (this) {
                closed = true;
                if (pending > 0) {
                    metrics.droppedShutdown(pending);
                }
                byKey.values().forEach(queue -> queue.forEach(entry -> {
                    if (entry.timer != -1) {
                        vertx.cancelTimer(entry.timer);
                    }
                }));
                byKey.clear();
                ready.clear();
                pending = 0;
            }
        });
    }
}
