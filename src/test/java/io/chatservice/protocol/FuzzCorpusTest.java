package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the regression corpus, {@code src/test/resources/fuzz/<target>/}: past findings and inputs worth keeping,
 * each file one input to its fuzz target (see {@link FuzzTargets.Target} for how each target reads its bytes).
 */
// An input that makes the code loop fails here rather than hanging the build.
@Timeout(60)
class FuzzCorpusTest {

    static Stream<Arguments> inputs() {
        return Arrays.stream(FuzzTargets.Target.values())
                .flatMap(target -> FuzzTargets.corpus(target).stream()
                        .map(file -> Arguments.of(target, file.getFileName().toString(), file)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void pastInputStillHolds(FuzzTargets.Target target, String name, Path file) throws IOException {
        target.check(Files.readAllBytes(file));
    }

    @Test
    void theCorpusIsThere() {
        assertFalse(FuzzTargets.corpus(FuzzTargets.Target.FRAMES).isEmpty());
        assertFalse(FuzzTargets.corpus(FuzzTargets.Target.STRINGS).isEmpty());
        assertFalse(FuzzTargets.corpus(FuzzTargets.Target.GENERATED).isEmpty());
    }
}
