package io.chatservice.protocol;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided search over frames made by FrameGenerator from the fuzzer's bytes; seeded with src/test/resources/fuzz/generated/. */
@Fuzzing
class GeneratedFrameFuzzTest {

    @MethodSource("io.chatservice.protocol.FuzzTargets#generatedSeeds")
    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void generatedFramesRoundTripAndJsonishTextIsRefusedCleanly(byte[] data) {
        FuzzTargets.Target.GENERATED.check(data);
    }
}
