package io.chatservice.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Plain JUnit: rooms opened per address and per name, on a clock of the test's own. */
class RoomOpeningsTest {

    private static final long T0 = -TimeUnit.MINUTES.toNanos(5); // nanoTime may be negative
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    @Test
    void anAddressOpensItsBurstThenIsToldWhenItMayOpenTheNext() {
        RoomOpenings openings = new RoomOpenings(60, 3, 0, 0, T0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, openings.take("203.0.113.1", "user" + i, T0));
        }

        long retryAfterMs = openings.take("203.0.113.1", "another", T0);

        assertTrue(retryAfterMs > 0 && retryAfterMs <= 1000, "one a second refills: " + retryAfterMs);
        assertEquals(0, openings.take("203.0.113.1", "another", T0 + TimeUnit.MILLISECONDS.toNanos(retryAfterMs)));
    }

    @Test
    void aNameIsBoundOverAllItsAddresses() {
        RoomOpenings openings = new RoomOpenings(0, 0, 60, 2, T0);
        assertEquals(0, openings.take("203.0.113.1", "alice", T0));
        assertEquals(0, openings.take("203.0.113.2", "alice", T0));

        assertTrue(openings.take("203.0.113.3", "alice", T0) > 0);
        assertEquals(0, openings.take("203.0.113.3", "bob", T0));
    }

    @Test
    void aRefusalByTheNameSpendsNothingOfTheAddress() {
        RoomOpenings openings = new RoomOpenings(60, 2, 60, 1, T0);
        assertEquals(0, openings.take("203.0.113.1", "alice", T0));

        assertTrue(openings.take("203.0.113.1", "alice", T0) > 0);

        assertEquals(0, openings.take("203.0.113.1", "bob", T0), "the address's second token is left");
    }

    @Test
    void addressesAndNamesGoneQuietAreForgotten() {
        RoomOpenings openings = new RoomOpenings(60, 10, 60, 10, T0);
        for (int i = 0; i < 100; i++) {
            openings.take("198.51.100." + i, "user" + i, T0);
        }
        assertEquals(200, openings.tracked());

        openings.sweepIfDue(T0 + 2 * MINUTE);

        assertEquals(0, openings.tracked());
    }

    @Test
    void zeroTurnsTheBoundOff() {
        RoomOpenings openings = new RoomOpenings(0, 0, 0, 0, T0);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, openings.take("203.0.113.1", "alice", T0));
        }
        assertEquals(0, openings.tracked());
    }
}
