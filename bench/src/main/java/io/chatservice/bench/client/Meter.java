package io.chatservice.bench.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Counts deliveries of measured messages and records their latency; safe to call from every event loop at once. */
public final class Meter {

    private final LongAdder delivered = new LongAdder();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    private final AtomicLong lastFrameNanos = new AtomicLong(System.nanoTime());
    private final Recorder latency = new Recorder(TimeUnit.MINUTES.toMicros(5), 3);

    public void onFrame() {
        lastFrameNanos.lazySet(System.nanoTime());
    }

    public void onDelivery(long sendNanos) {
        long now = System.nanoTime();
        delivered.increment();
        lastDeliveryNanos.lazySet(now);
        latency.recordValue(Math.min(Math.max(0, (now - sendNanos) / 1000), TimeUnit.MINUTES.toMicros(5)));
    }

    /** Starts a new measurement window: counts and latencies so far are dropped. */
    public void reset() {
        delivered.reset();
        latency.getIntervalHistogram();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long lastDeliveryNanos() {
        return lastDeliveryNanos.get();
    }

    public long lastFrameNanos() {
        return lastFrameNanos.get();
    }

    /** Latency in microseconds since the last reset or snapshot. */
    public Histogram latencySnapshot() {
        return latency.getIntervalHistogram();
    }
}
