package io.chatservice.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * A WebSocket frame as it goes on the wire (RFC 6455 section 5.2; a server's frames are not masked), built once and
 * written to any number of sockets. Each socket gets a duplicate that shares the bytes, so a fan-out to a thousand
 * members encodes and copies the text once, not a thousand times.
 * <p>
 * Reference-counted: whoever holds a frame across threads {@link #retain()}s it and {@link #release()}s it when done.
 */
public final class WireFrame {

    private static final int FIN_TEXT = 0x81;
    private static final int FIN_PING = 0x89;
    private static final int MAX_SHORT_LENGTH = 125;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private final ByteBuf bytes;

    private WireFrame(ByteBuf bytes) {
        this.bytes = bytes;
    }

    /** A text frame holding {@code text} as UTF-8, in a direct buffer the socket can write without another copy. */
    public static WireFrame text(String text) {
        int length = ByteBufUtil.utf8Bytes(text);
        int header = length <= MAX_SHORT_LENGTH ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf bytes = ByteBufAllocator.DEFAULT.directBuffer(header + length);
        bytes.writeByte(FIN_TEXT);
        if (length <= MAX_SHORT_LENGTH) {
            bytes.writeByte(length);
        } else if (length <= 0xFFFF) {
            bytes.writeByte(LENGTH_16).writeShort(length);
        } else {
            bytes.writeByte(LENGTH_64).writeLong(length);
        }
        ByteBufUtil.reserveAndWriteUtf8(bytes, text, length);
        return new WireFrame(bytes);
    }

    /** A ping with no payload; made at run time, as a native image may not hold a direct buffer. */
    public static WireFrame ping() {
        return new WireFrame(ByteBufAllocator.DEFAULT.directBuffer(2).writeByte(FIN_PING).writeByte(0));
    }

    /** A view of the bytes for one socket write, which frees it once written. */
    public ByteBuf share() {
        return bytes.retainedDuplicate();
    }

    /** The bytes themselves, to read without taking a reference: valid while the caller holds the frame. */
    public ByteBuf bytes() {
        return bytes;
    }

    public WireFrame retain() {
        bytes.retain();
        return this;
    }

    public void release() {
        bytes.release();
    }
}
