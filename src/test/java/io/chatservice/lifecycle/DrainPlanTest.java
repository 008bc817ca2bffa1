package io.chatservice.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** How a drain spreads its connections over its window. */
class DrainPlanTest {

    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final Duration FLOOR = Duration.ofMillis(50);

    @Test
    void manyConnectionsGoInEvenBatchesOnePerFloorAcrossTheWindow() {
        DrainPlan plan = DrainPlan.of(10_000, WINDOW, FLOOR);

        assertEquals(80, plan.batches());
        assertEquals(Duration.ofMillis(50), plan.interval());
        for (int i = 0; i < plan.batches(); i++) {
            assertEquals(125, plan.from(i + 1) - plan.from(i), "batch " + i);
        }
        assertEquals(Duration.ZERO, plan.at(0));
        assertEquals(Duration.ofMillis(3950), plan.at(plan.batches() - 1));
    }

    @Test
    void fewConnectionsGoOneAtATimeSpreadOverTheWholeWindow() {
        DrainPlan plan = DrainPlan.of(3, WINDOW, FLOOR);

        assertEquals(3, plan.batches());
        assertEquals(1, plan.from(1));
        assertEquals(2, plan.from(2));
        assertEquals(3, plan.from(3));
        assertTrue(plan.at(2).compareTo(WINDOW) < 0);
        assertTrue(plan.at(2).compareTo(Duration.ofSeconds(2)) > 0);
    }

    @Test
    void batchesThatDoNotDivideEvenlyDifferByOneAndCoverEveryConnection() {
        DrainPlan plan = DrainPlan.of(1001, WINDOW, FLOOR);

        assertEquals(0, plan.from(0));
        assertEquals(1001, plan.from(plan.batches()));
        for (int i = 0; i < plan.batches(); i++) {
            int size = plan.from(i + 1) - plan.from(i);
            assertTrue(size == 12 || size == 13, "batch " + i + " of " + size);
        }
    }

    @Test
    void aZeroWindowSendsEveryoneAwayAtOnce() {
        DrainPlan plan = DrainPlan.of(500, Duration.ZERO, FLOOR);

        assertEquals(1, plan.batches());
        assertEquals(500, plan.from(1));
        assertEquals(Duration.ZERO, plan.at(0));
    }

    @Test
    void aWindowShorterThanTheFloorIsOneBatch() {
        assertEquals(1, DrainPlan.of(500, Duration.ofMillis(20), FLOOR).batches());
    }

    @Test
    void aLateDrainFindsEveryBatchWhoseTimeHasComeDue() {
        DrainPlan plan = DrainPlan.of(10_000, WINDOW, FLOOR);

        assertEquals(1, plan.dueBy(Duration.ZERO));
        assertEquals(1, plan.dueBy(Duration.ofMillis(49)));
        assertEquals(2, plan.dueBy(Duration.ofMillis(50)));
        assertEquals(21, plan.dueBy(Duration.ofMillis(1000)));
        assertEquals(80, plan.dueBy(Duration.ofSeconds(9)));
        assertEquals(1, DrainPlan.of(500, Duration.ZERO, FLOOR).dueBy(Duration.ZERO));
    }

    @Test
    void noConnectionsNoBatches() {
        assertEquals(0, DrainPlan.of(0, WINDOW, FLOOR).batches());
    }
}
