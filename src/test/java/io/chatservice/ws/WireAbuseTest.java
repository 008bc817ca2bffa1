package io.chatservice.ws;

import static io.chatservice.support.WireSocket.BINARY;
import static io.chatservice.support.WireSocket.CLOSE;
import static io.chatservice.support.WireSocket.PING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.WireSocket;
import io.chatservice.support.WireSocket.Builder;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A peer that breaks RFC 6455 on the wire loses its own connection, with the close code the RFC asks for: 1002 for
 * a framing error, 1007 for text that is not UTF-8, 1009 for too much; a request the HTTP layer cannot take is
 * refused with its status. In every test two people in the same room go on chatting.
 */
@QuarkusTest
class WireAbuseTest extends ChatTestBase {

    private static final int PROTOCOL_ERROR = 1002;
    private static final int INVALID_PAYLOAD = 1007;
    private static final int MESSAGE_TOO_BIG = 1009;

    private String room;
    private ChatClient alice;
    private ChatClient bob;

    @BeforeEach
    void twoPeopleChat() {
        room = unique("room");
        alice = group(unique("alice"), room);
        bob = group(unique("bob"), room);
    }

    static Stream<Arguments> framingErrors() {
        byte[] hi = "{\"info\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("unmasked text frame", List.of(Builder.text(hi).unmasked().bytes())),
                Arguments.of("ping of 126 bytes", List.of(Builder.frame(PING, new byte[126]).bytes())),
                Arguments.of("fragmented ping", List.of(Builder.frame(PING, new byte[2]).more().bytes())),
                Arguments.of("close frame with a one-byte body", List.of(Builder.frame(CLOSE, new byte[1]).bytes())),
                Arguments.of("reserved data opcode 3", List.of(Builder.frame(0x3, hi).bytes())),
                Arguments.of("reserved data opcode 7", List.of(Builder.frame(0x7, hi).bytes())),
                Arguments.of("reserved control opcode 0xB", List.of(Builder.frame(0xB, new byte[0]).bytes())),
                Arguments.of("reserved control opcode 0xF", List.of(Builder.frame(0xF, new byte[0]).bytes())),
                Arguments.of("continuation with nothing to continue", List.of(Builder.continuation(hi).bytes())),
                Arguments.of("new message inside a fragmented one",
                        List.of(Builder.text("{\"info\":").more().bytes(), Builder.text(hi).bytes())),
                Arguments.of("length 13 in the 16-bit field", List.of(Builder.text(hi).lengthBytes(2).bytes())),
                Arguments.of("64-bit length with the top bit set",
                        List.of(Builder.text(hi).claimLength(Long.MIN_VALUE + 13).lengthBytes(8).bytes())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framingErrors")
    void framingErrorClosesThatConnectionWith1002(String what, List<byte[]> frames) throws IOException {
        try (WireSocket raw = member()) {
            for (byte[] frame : frames) {
                raw.send(frame);
            }

            assertEquals(PROTOCOL_ERROR, raw.awaitClose(), what);
        }
        othersStillChat();
    }

    /** RSV1 is RSV bit 1 (0x40 in the first byte), RSV3 is 0x10; no extension is ever negotiated here. */
    @ParameterizedTest(name = "RSV bits {0}")
    @ValueSource(ints = { 4, 2, 1, 7 })
    void rsvBitClosesThatConnectionWith1002AndNothingReachesTheRoom(int rsv) throws IOException {
        try (WireSocket raw = member()) {
            raw.send(Builder.text("{\"info\":\"compressed?\"}").rsv(rsv).bytes());

            assertEquals(PROTOCOL_ERROR, raw.awaitClose());
        }
        othersStillChat(); // bob's next message is alice's, not the raw peer's
    }

    @Test
    void compressionOfferedByTheClientIsDeclined() throws IOException {
        String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, deflate-frame, "
                + "x-webkit-deflate-frame\r\n";
        try (WireSocket raw = WireSocket.connect(base.getHost(), base.getPort())) {
            raw.send(WireSocket.upgradeHead(base.getHost(), base.getPort(), memberPath(), offer));
            String head = raw.readHead();
            assertEquals("HTTP/1.1 101", head.substring(0, 12), head);
            assertFalse(head.toLowerCase().contains("sec-websocket-extensions"), head);

            raw.send(Builder.text("{\"info\":\"compressed?\"}").rsv(4).bytes());

            assertEquals(PROTOCOL_ERROR, raw.awaitClose());
        }
        othersStillChat();
    }

    static Stream<Arguments> invalidText() {
        return Stream.of(
                Arguments.of("a byte that is never UTF-8", List.of(text(false, "{\"info\":\"", 0xFF, "\"}"))),
                Arguments.of("an overlong slash", List.of(text(false, "{\"info\":\"", 0xC0, 0xAF, "\"}"))),
                Arguments.of("an encoded surrogate", List.of(text(false, "{\"info\":\"", 0xED, 0xA0, 0x80, "\"}"))),
                Arguments.of("above U+10FFFF", List.of(text(false, "{\"info\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}"))),
                Arguments.of("a message that ends inside a character", List.of(text(false, "{\"info\":\"", 0xE4, 0xB8))),
                Arguments.of("a bad byte in the second fragment",
                        List.of(text(true, "{\"info\":\"caf", 0xC3), continuation(false, 0x28, "\"}"))),
                Arguments.of("a fragment that ends the message inside a character",
                        List.of(text(true, "{\"info\":\"", 0xE4), continuation(false, 0xB8))),
                Arguments.of("a bad byte after a control frame between fragments",
                        List.of(text(true, "{\"info\":\""), Builder.frame(PING, new byte[0]).bytes(),
                                continuation(false, 0xFF, "\"}"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidText")
    void textThatIsNotUtf8ClosesThatConnectionWith1007(String what, List<byte[]> frames) throws IOException {
        try (WireSocket raw = member()) {
            for (byte[] frame : frames) {
                raw.send(frame);
            }

            assertEquals(INVALID_PAYLOAD, raw.awaitClose(), what);
        }
        othersStillChat();
    }

    @Test
    void characterSplitAcrossFragmentsIsDelivered() throws IOException {
        try (WireSocket raw = member()) {
            // 中 is E4 B8 AD: the first fragment ends after its first byte, the second after its second.
            raw.send(text(true, "{\"info\":\"", 0xE4));
            raw.send(Builder.frame(PING, new byte[0]).bytes());
            raw.send(continuation(true, 0xB8));
            raw.send(continuation(false, 0xAD, "\"}"));

            assertEquals("中", bob.nextMessage().getString("info"));
        }
        othersStillChat();
    }

    @Test
    void binaryFragmentsAreNotCheckedAsText() throws IOException {
        try (WireSocket raw = member()) {
            raw.send(Builder.frame(BINARY, new byte[] { (byte) 0xFF }).more().bytes());
            raw.send(Builder.continuation(new byte[] { (byte) 0xC0 }).bytes());

            raw.awaitText("BINARY_NOT_SUPPORTED");
        }
        othersStillChat();
    }

    @Test
    void frameClaimingMoreThanTheFrameLimitClosesWith1009() throws IOException {
        try (WireSocket raw = member()) {
            raw.send(Builder.text("{\"info\":\"").claimLength(1L << 40).bytes());

            assertEquals(MESSAGE_TOO_BIG, raw.awaitClose());
        }
        othersStillChat();
    }

    @Test
    void frameClaimingMoreThanItsTextFollowedByGarbageClosesWith1007() throws IOException {
        try (WireSocket raw = member()) {
            raw.send(Builder.text("{\"info\":\"").zeroMask().claimLength(200).bytes());
            byte[] garbage = new byte[400];
            Arrays.fill(garbage, (byte) 0xFF);

            raw.send(garbage);

            assertEquals(INVALID_PAYLOAD, raw.awaitClose());
        }
        othersStillChat();
    }

    @Test
    void fragmentsThatNeverEndCloseWith1009() throws IOException {
        try (WireSocket raw = member()) {
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            raw.send(Builder.text("{\"info\":\"").more().bytes());
            try {
                for (int i = 0; i < 16; i++) { // 256 KiB, four times the message limit
                    raw.send(Builder.continuation(chunk).more().bytes());
                }
            } catch (IOException closedWhileSending) {
                // the server may close before the last fragments are written
            }

            assertEquals(MESSAGE_TOO_BIG, raw.awaitClose());
        }
        othersStillChat();
    }

    @Test
    void hugeHeaderIsRefusedWith431() throws IOException {
        String huge = "X-Padding: " + "a".repeat(100 * 1024) + "\r\n";
        try (WireSocket raw = WireSocket.connect(base.getHost(), base.getPort())) {
            try {
                raw.send(WireSocket.upgradeHead(base.getHost(), base.getPort(), memberPath(), huge));
            } catch (IOException closedWhileSending) {
                // refused before the whole head was written
            }

            assertEquals(431, raw.readStatus());
        }
        othersStillChat();
    }

    /** A raw peer admitted to the room, once it has seen the room's presence frame. */
    private WireSocket member() throws IOException {
        WireSocket raw = WireSocket.open(base.getHost(), base.getPort(), memberPath());
        raw.awaitText("\"presence\"");
        return raw;
    }

    private String memberPath() {
        return "/groupchat/" + unique("raw") + "/" + room;
    }

    private void othersStillChat() {
        alice.send(say("still here"));
        assertEquals("still here", bob.nextMessage().getString("info"));
    }

    /** A text frame of ASCII strings and single bytes, in order; {@code more}: not the last fragment. */
    private static byte[] text(boolean more, Object... parts) {
        Builder frame = Builder.text(bytes(parts));
        return more ? frame.more().bytes() : frame.bytes();
    }

    private static byte[] continuation(boolean more, Object... parts) {
        Builder frame = Builder.continuation(bytes(parts));
        return more ? frame.more().bytes() : frame.bytes();
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
