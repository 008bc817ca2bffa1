package io.chatservice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.chatservice.core.Target;
import io.chatservice.core.StreamKey;

/** Plain JUnit: a payload reads back as it was written, whatever its names and frame hold. */
class PayloadTest {

    static Stream<Payload> payloads() {
        String frame = "{\"type\":\"message\",\"info\":\"line one\\nline two\n\r\ttabs, \u00e9t\u00e9, \u4f60\u597d, \ud83d\udc4b\ud83c\udffd\"}";
        return Stream.of(
                new Payload("node-1", 1_700_000_000_123L, Target.room("lobby"), frame),
                new Payload("pod-7f9c", 0, Target.room("12:34 caf\u00e9 \ud83c\udf75"), ""),
                new Payload("n", Long.MAX_VALUE, Target.user("\u00e5sa"), "raw\ntext with c1 0 R1:a inside"),
                new Payload("a:b", 42, new Target.Conversation("3:x", "y\nz"), frame),
                new Payload("node-\ud83d\ude80", 5, Target.watchers("carol"), frame),
                new Payload("node-1", 5, Target.roomChange("lobby"), frame),
                new Payload("node-1", 6, Target.roomTyping("caf\u00e9 1:2", "\u00e5sa"), frame),
                new Payload("node-2", 6, Target.userTyping("bob", "3:x\ny"), frame),
                new Payload("", 7, Target.room(""), "x".repeat(100_000)),
                new Payload("node-1", 1_700_000_000_123L, Target.room("lobby"), StreamKey.room("lobby"), 42,
                        "m3k9f0a1", frame),
                new Payload("n", 3, new Target.Conversation("\u00e5sa", "bob"), StreamKey.conversation("bob", "\u00e5sa"),
                        Long.MAX_VALUE, "0", "c2 1 R1:a 5 e {}\n"),
                new Payload("a:b", 9, Target.user("zoe"), StreamKey.conversation("zoe", "zoe"), 1, "z9", ""),
                new Payload("n", 4, new Target.Conversation("ann", "bob"),
                        StreamKey.conversation("bob", "0123456789abcdef", "ann", "fedcba9876543210"), 2, "e", "{}"));
    }

    @org.junit.jupiter.api.Test
    void theHistoryScriptCompletesAKeptPayloadByAppendingOffsetEpochAndFrame() {
        Payload kept = new Payload("node-1", 5, Target.room("dev"), StreamKey.room("dev"), 17, "e1", "{\"x\":1}");
        String prefix = Payload.keptPrefix("node-1", 5, Target.room("dev"), StreamKey.room("dev"));
        assertEquals(kept.encode(), prefix + "17 e1 {\"x\":1}");
        assertEquals(kept, Payload.decode(prefix + "17 e1 {\"x\":1}"));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void decodingGivesBackWhatWasEncoded(Payload payload) {
        assertEquals(payload, Payload.decode(payload.encode()));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void survivesTheUtf8RoundTripToRedis(Payload payload) {
        byte[] wire = payload.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(payload, Payload.decode(new String(wire, java.nio.charset.StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "hello", "c1 ", "c1 12", "c1 x R1:a1:b{}", "c1 12 X1:a{}", "c1 12 R", "c1 12 R9:a",
            "c1 12 R1:a", "c1 12 Rx:a1:b", "c1 12 R-1:a1:b", "c1 12 C1:a1:b", "c1 12 R99999999999:a",
            "c2 12 R1:a1:b{}", "c2 12 R1:a1:b6:room:b{}", "c2 12 R1:a1:b6:room:b5 e", "c2 12 R1:a1:b6:room:bx e {}",
            "c2 12 R1:a1:b6:room:b0 e {}", "c2 12 R1:a1:b6:room:b5  {}", "c2 12 R1:a1:b5:dm:ab5 e {}",
            "c2 12 R1:a1:b4:xy:b5 e {}" })
    void malformedTextIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Payload.decode(text));
    }
}
