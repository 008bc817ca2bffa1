package io.chatservice.bench.scenario;

import java.util.concurrent.TimeUnit;

import io.chatservice.bench.client.LoadClient;

/** After the senders stop: waits for the deliveries still on their way, but not for ever. */
final class Drain {

    private Drain() {
    }

    static void await(LoadClient client, long expected, int maxSeconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < end && client.meter().delivered() < expected) {
            if (System.nanoTime() - client.meter().lastFrameNanos() > TimeUnit.SECONDS.toNanos(1)) {
                return; // nothing has moved for a second: what is missing is lost
            }
            Thread.sleep(10);
        }
    }
}
