package io.chatservice.bench.floor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/** One connection of the floor server: the bytes read but not yet parsed, and the frames not yet written. */
final class Peer {

    private final SocketChannel channel;
    private final SelectionKey key;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private byte[] in = new byte[1024];
    private int inLength;
    private boolean upgraded;
    private boolean closed;
    private String room;
    private String user;

    Peer(SocketChannel channel, SelectionKey key) {
        this.channel = channel;
        this.key = key;
    }

    SocketChannel channel() {
        return channel;
    }

    String room() {
        return room;
    }

    void room(String room) {
        this.room = room;
    }

    String user() {
        return user;
    }

    void user(String user) {
        this.user = user;
    }

    boolean upgraded() {
        return upgraded;
    }

    void markUpgraded() {
        upgraded = true;
    }

    boolean isClosed() {
        return closed;
    }

    byte[] in() {
        return in;
    }

    int inLength() {
        return inLength;
    }

    void append(ByteBuffer data) {
        if (inLength + data.remaining() > in.length) {
            in = Arrays.copyOf(in, Math.max(in.length * 2, inLength + data.remaining()));
        }
        int n = data.remaining();
        data.get(in, inLength, n);
        inLength += n;
    }

    void consume(int n) {
        System.arraycopy(in, n, in, 0, inLength - n);
        inLength -= n;
    }

    /** The next complete text message from the client, unmasked; answers pings and notes a close on the way. */
    byte[] nextTextMessage() {
        while (!closed && inLength >= 2) {
            int opcode = in[0] & 0x0f;
            long length = in[1] & 0x7f;
            int header = 2;
            if (length == 126) {
                if (inLength < 4) {
                    return null;
                }
                length = ((in[2] & 0xff) << 8) | (in[3] & 0xff);
                header = 4;
            } else if (length == 127) {
                if (inLength < 10) {
                    return null;
                }
                length = ByteBuffer.wrap(in, 2, 8).getLong();
                header = 10;
            }
            boolean masked = (in[1] & 0x80) != 0;
            int maskAt = header;
            if (masked) {
                header += 4;
            }
            if (inLength < header + length) {
                return null;
            }
            byte[] payload = new byte[(int) length];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = masked ? (byte) (in[header + i] ^ in[maskAt + (i & 3)]) : in[header + i];
            }
            consume(header + payload.length);
            switch (opcode) {
                case 0x1:
                    return payload;
                case 0x8:
                    closed = true;
                    return null;
                case 0x9:
                    write(Frames.control(0xA, payload));
                    break;
                default:
                    break; // binary, pong, continuation: nothing to do in a benchmark
            }
        }
        return null;
    }

    /** One write call; what the socket does not take now waits for OP_WRITE. */
    void write(ByteBuffer frame) {
        if (closed) {
            return;
        }
        try {
            if (pending.isEmpty()) {
                channel.write(frame);
                if (!frame.hasRemaining()) {
                    return;
                }
            }
            pending.add(frame);
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } catch (IOException e) {
            close();
        }
    }

    void flush() throws IOException {
        while (!pending.isEmpty()) {
            ByteBuffer head = pending.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                return;
            }
            pending.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    void close() {
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // Already gone.
        }
    }
}
