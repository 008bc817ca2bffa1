package io.chatservice.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Plain JUnit: one typing notice per target and interval, in bounded memory. */
class TypingMarksTest {

    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(2);

    private final TypingMarks marks = new TypingMarks();

    @Test
    void aSecondNoticeWithinTheIntervalIsDroppedAndOneAfterItGoes() {
        assertTrue(marks.take("r:dev", 0, INTERVAL));
        assertFalse(marks.take("r:dev", INTERVAL - 1, INTERVAL));
        assertTrue(marks.take("r:dev", INTERVAL, INTERVAL));
    }

    @Test
    void aDroppedNoticeDoesNotMoveTheInterval() {
        marks.take("u:bob", 0, INTERVAL);
        marks.take("u:bob", INTERVAL / 2, INTERVAL);

        assertTrue(marks.take("u:bob", INTERVAL, INTERVAL));
    }

    @Test
    void eachTargetHasItsOwnInterval() {
        assertTrue(marks.take("r:dev", 0, INTERVAL));
        assertTrue(marks.take("r:ops", 1, INTERVAL));
        assertTrue(marks.take("u:dev", 2, INTERVAL), "a user named like a room is another target");
    }

    @Test
    void noIntervalLetsEveryNoticeGo() {
        assertTrue(marks.take("r:dev", 0, 0));
        assertTrue(marks.take("r:dev", 0, 0));
    }

    @Test
    void atMostMaxTargetsAreRememberedWithinOneIntervalAndExpiredOnesMakeRoom() {
        for (int i = 0; i < TypingMarks.MAX; i++) {
            assertTrue(marks.take("u:user" + i, i, INTERVAL));
        }

        assertFalse(marks.take("u:one-more", TypingMarks.MAX, INTERVAL), "past the bound, within the interval");
        assertTrue(marks.take("u:one-more", INTERVAL + TypingMarks.MAX, INTERVAL), "once the others expired");
    }
}
