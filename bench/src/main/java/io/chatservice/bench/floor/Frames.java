package io.chatservice.bench.floor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Server frames (unmasked) and the one field the floor reads from a message, without a JSON parser. */
final class Frames {

    private static final byte[] TO_USER = "\"to_user\":\"".getBytes(StandardCharsets.US_ASCII);

    private Frames() {
    }

    static ByteBuffer text(byte[] payload) {
        return frame(0x1, payload);
    }

    static ByteBuffer control(int opcode, byte[] payload) {
        return frame(opcode, payload);
    }

    private static ByteBuffer frame(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + n);
        frame.put((byte) (0x80 | opcode));
        if (n < 126) {
            frame.put((byte) n);
        } else if (n < 65536) {
            frame.put((byte) 126).putShort((short) n);
        } else {
            frame.put((byte) 127).putLong(n);
        }
        return frame.put(payload).flip();
    }

    /** The value of the first {@code "to_user":"…"} in the message, or null. */
    static String toUser(byte[] message) {
        outer:
        for (int i = 0; i <= message.length - TO_USER.length; i++) {
            for (int j = 0; j < TO_USER.length; j++) {
                if (message[i + j] != TO_USER[j]) {
                    continue outer;
                }
            }
            int start = i + TO_USER.length;
            for (int end = start; end < message.length; end++) {
                if (message[end] == '"') {
                    return new String(message, start, end - start, StandardCharsets.UTF_8);
                }
            }
            return null;
        }
        return null;
    }
}
