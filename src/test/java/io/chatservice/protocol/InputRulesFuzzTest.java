package io.chatservice.protocol;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided search over a name and a message text, from the fuzzer's bytes; seeded with src/test/resources/fuzz/strings/. */
@Fuzzing
class InputRulesFuzzTest {

    @MethodSource("io.chatservice.protocol.FuzzTargets#stringSeeds")
    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void namesAndTextsFollowTheRules(byte[] data) {
        FuzzTargets.Target.STRINGS.check(data);
    }
}
