package io.chatservice.transport;

import io.netty.buffer.ByteBuf;

/**
 * Checks that bytes are UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing above U+10FFFF),
 * in pieces: the state after one piece is where the next one starts, so a character may be split between the
 * fragments of a WebSocket message. Björn Höhrmann's DFA ("Flexible and Economical UTF-8 Decoder"), the one Netty's
 * own validator uses, behind a fast path that skips ASCII eight bytes at a time.
 */
final class Utf8Check {

    /** Between characters: where a message starts, and where a complete one must end. */
    static final int ACCEPT = 0;
    /** Not UTF-8, whatever follows. */
    static final int REJECT = 12;

    private static final long NON_ASCII = 0x8080808080808080L;

    /** The class of each byte value. */
    private static final byte[] CLASSES = new byte[256];
    /** The next state for each state (a multiple of 12) plus byte class. */
    private static final byte[] STATES = {
        0, 12, 24, 36, 60, 96, 84, 12, 12, 12, 48, 72, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
        12, 0, 12, 12, 12, 12, 12, 0, 12, 0, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12, 12, 36, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
        12, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12 };

    static {
        // 0x00-0x7F are class 0 already.
        fill(0x80, 0x8F, 1);
        fill(0x90, 0x9F, 9);
        fill(0xA0, 0xBF, 7);
        fill(0xC0, 0xC1, 8);
        fill(0xC2, 0xDF, 2);
        fill(0xE0, 0xE0, 10);
        fill(0xE1, 0xEC, 3);
        fill(0xED, 0xED, 4);
        fill(0xEE, 0xEF, 3);
        fill(0xF0, 0xF0, 11);
        fill(0xF1, 0xF3, 6);
        fill(0xF4, 0xF4, 5);
        fill(0xF5, 0xFF, 8);
    }

    private Utf8Check() {
    }

    /**
     * Runs the readable bytes of {@code bytes} (not consumed) through the automaton from {@code state}.
     *
     * @return {@link #ACCEPT} if they end between characters, {@link #REJECT} as soon as they cannot be UTF-8, or
     *         the state inside a character to go on from
     */
    static int scan(ByteBuf bytes, int state) {
        int i = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (i < end) {
            if (state == ACCEPT) {
                while (end - i >= Long.BYTES && (bytes.getLong(i) & NON_ASCII) == 0) {
                    i += Long.BYTES;
                }
                while (i < end && bytes.getByte(i) >= 0) {
                    i++;
                }
                if (i == end) {
                    break;
                }
            }
            state = STATES[state + CLASSES[bytes.getByte(i++) & 0xFF]];
            if (state == REJECT) {
                break;
            }
        }
        return state;
    }

    private static void fill(int from, int to, int byteClass) {
        for (int b = from; b <= to; b++) {
            CLASSES[b] = (byte) byteClass;
        }
    }
}
