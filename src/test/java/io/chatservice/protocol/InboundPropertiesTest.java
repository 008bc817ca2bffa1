package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * The inbound properties over generated input: a quick, repeatable run in every build. Each try has its own seed,
 * named in a failure so that one try can be run again alone. {@code -Dfuzz.tries=N} runs more tries and
 * {@code -Dfuzz.seed=S} (or {@code random}) starts at another seed; the {@code fuzz} profile runs many more tries,
 * next to Jazzer's coverage-guided search.
 */
class InboundPropertiesTest {

    private static final long SEED = seed(System.getProperty("fuzz.seed", "20261201"));
    private static final int TRIES = Integer.getInteger("fuzz.tries", 1000);

    @Test
    void anyStringIsReadOrRefusedWithACode() {
        forEachTry(g -> InboundProperties.parsesOrRefuses(g.anyString()));
    }

    @Test
    void jsonishTextIsReadOrRefusedWithACode() {
        forEachTry(g -> InboundProperties.parsesOrRefuses(g.jsonish(channel(g))));
    }

    @Test
    void aValidFrameParsesToTheFieldsItCarries() {
        forEachTry(g -> {
            Set<String> fields = channel(g);
            InboundProperties.roundTrips(g.valid(fields), fields);
        });
    }

    @Test
    void namesAreAcceptedExactlyWhenTheRulesAllowThem() {
        forEachTry(g -> InboundProperties.nameRulesHold(g.nameLike()));
    }

    @Test
    void textIsMeasuredAsItGoesOnTheWire() {
        forEachTry(g -> InboundProperties.textRulesHold(g.anyString()));
    }

    private static Set<String> channel(FrameGenerator generator) {
        return generator.pick(InboundProperties.CHANNELS);
    }

    /** A number, or "random" for a new start each run (the failure names the seed it used). */
    private static long seed(String value) {
        return value.equals("random") ? new SecureRandom().nextLong() : Long.parseLong(value);
    }

    private static void forEachTry(Consumer<FrameGenerator> property) {
        // A generator or parser that loops fails the test rather than hanging the build.
        assertTimeoutPreemptively(Duration.ofSeconds(Math.max(60, TRIES / 50)), () -> {
            for (int i = 0; i < TRIES; i++) {
                long seed = SEED + i;
                try {
                    property.accept(new FrameGenerator(Choices.random(seed)));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n(seed " + seed
                            + "; run this try alone with -Dfuzz.seed=" + seed + " -Dfuzz.tries=1)", e);
                }
            }
        });
    }
}
