package io.chatservice.bench.scenario;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;

/**
 * Sends at a fixed rate for a fixed time, open loop: a 1 ms timer sends however many messages are due by now, so a
 * slow server does not slow the senders down (its backlog shows as latency and loss instead).
 */
final class FixedRate {

    interface Sender {
        void send(long sequence);
    }

    private FixedRate() {
    }

    /** @return the number of messages sent */
    static long run(Vertx vertx, double perSecond, double seconds, Sender sender) {
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Long> done = new CompletableFuture<>();
        long start = System.nanoTime();
        long total = (long) (perSecond * seconds);
        vertx.setPeriodic(1, id -> {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * perSecond));
            while (sent.get() < due) {
                sender.send(sent.getAndIncrement());
            }
            if (sent.get() >= total) {
                vertx.cancelTimer(id);
                done.complete(sent.get());
            }
        });
        return done.join();
    }
}
