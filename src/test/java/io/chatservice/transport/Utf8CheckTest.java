package io.chatservice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The automaton agrees with the JDK's strict UTF-8 decoder, whole or in pieces. Plain JUnit: no service needed. */
class Utf8CheckTest {

    @Test
    void everyCharacterIsAcceptedWholeAndSplitAtEveryByte() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            for (int cut = 0; cut <= bytes.length; cut++) {
                int state = Utf8Check.scan(Unpooled.wrappedBuffer(bytes, 0, cut), Utf8Check.ACCEPT);
                state = Utf8Check.scan(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut), state);
                assertEquals(Utf8Check.ACCEPT, state, "U+" + Integer.toHexString(cp) + " cut at " + cut);
            }
        }
    }

    @Test
    void randomBytesAreJudgedAsTheJdkJudgesThem() {
        Random random = new Random(6455);
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int j = 0; j < bytes.length; j++) {
                // Mostly bytes that start or continue a character, where the rules are.
                bytes[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            boolean jdk = isUtf8(strict, bytes);
            int cut = random.nextInt(bytes.length + 1);
            int state = Utf8Check.scan(Unpooled.wrappedBuffer(bytes, 0, cut), Utf8Check.ACCEPT);
            if (state != Utf8Check.REJECT) {
                state = Utf8Check.scan(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut), state);
            }
            assertEquals(jdk, state == Utf8Check.ACCEPT, () -> hex(bytes));
        }
    }

    @Test
    void longAsciiRunsAroundABadByteAreRejected() {
        for (int at = 0; at < 40; at++) {
            byte[] bytes = "x".repeat(40).getBytes(StandardCharsets.US_ASCII);
            bytes[at] = (byte) 0xFF;
            assertEquals(Utf8Check.REJECT, Utf8Check.scan(Unpooled.wrappedBuffer(bytes), Utf8Check.ACCEPT), "at " + at);
        }
    }

    @Test
    void onlyTheReadableBytesAreScanned() {
        ByteBuf bytes = Unpooled.wrappedBuffer(new byte[] { (byte) 0xFF, 'o', 'k', (byte) 0xFF });
        bytes.readerIndex(1).writerIndex(3);

        assertEquals(Utf8Check.ACCEPT, Utf8Check.scan(bytes, Utf8Check.ACCEPT));
        assertEquals(1, bytes.readerIndex());
    }

    private static boolean isUtf8(CharsetDecoder strict, byte[] bytes) {
        try {
            strict.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02X ", b));
        }
        return hex.toString();
    }
}
