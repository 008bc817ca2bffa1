package io.chatservice.protocol;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided search over a client's frame, as UTF-8 bytes, read by both channels; seeded with
 * src/test/resources/fuzz/frames/.
 */
@Fuzzing
class ParserFuzzTest {

    @MethodSource("io.chatservice.protocol.FuzzTargets#frameSeeds")
    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void anyFrameIsReadOrRefusedWithACode(byte[] data) {
        FuzzTargets.Target.FRAMES.check(data);
    }
}
