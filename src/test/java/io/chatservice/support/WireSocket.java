package io.chatservice.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bare TCP client that writes whatever bytes a test asks for: request heads sent slowly or too large, and
 * WebSocket frames with any first byte, mask, length or payload, right or wrong (RFC 6455 section 5.2). It reads
 * what the server answers: the HTTP status, frames, the close code, or that the server dropped the connection.
 * {@link RawWebSocket} is the well-behaved peer; this one is the attacker.
 */
public final class WireSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int CONTINUATION = 0x0;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int FIN = 0x80;

    /** What {@link #awaitClose} returns when the connection ended without a close frame. */
    public static final int NO_CLOSE_FRAME = 1006;
    /** How long {@link #awaitClose} listens after the close frame for anything that should not come. */
    private static final int AFTER_CLOSE_MS = 300;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private WireSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A TCP connection and nothing else yet. */
    public static WireSocket connect(String host, int port) throws IOException {
        Socket socket = new Socket(host, port);
        socket.setSoTimeout((int) ChatClient.WAIT.toMillis());
        return new WireSocket(socket);
    }

    /** A TCP connection upgraded to a WebSocket on {@code rawPath}; fails unless the server answers 101. */
    public static WireSocket open(String host, int port, String rawPath) throws IOException {
        WireSocket wire = connect(host, port);
        wire.send(upgradeHead(host, port, rawPath, "").getBytes(StandardCharsets.US_ASCII));
        String head = wire.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            wire.close();
            throw new IOException("upgrade refused: " + head);
        }
        return wire;
    }

    /** A WebSocket upgrade request for {@code rawPath}, with {@code extraHeaders} (each ending in CRLF) added. */
    public static String upgradeHead(String host, int port, String rawPath, String extraHeaders) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return "GET " + rawPath + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n";
    }

    public WireSocket send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public WireSocket send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads an HTTP response head up to its blank line. */
    public String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** The status code of the HTTP response the server sends next. */
    public int readStatus() throws IOException {
        return status(readHead());
    }

    /** Reads a whole HTTP response (a body of known length or chunked) and returns its status. */
    public int readResponse() throws IOException {
        String head = readHead();
        String lower = head.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
            in.readNBytes(length);
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int size = Integer.parseInt(readLine().trim(), 16);
                in.readNBytes(size);
                readLine();
                if (size == 0) {
                    break;
                }
            }
        }
        return status(head);
    }

    private static int status(String head) {
        return Integer.parseInt(head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4));
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (!line.toString().endsWith("\r\n")) {
            line.append((char) readByte());
        }
        return line.substring(0, line.length() - 2);
    }

    /** Reads one frame as the server sends it (never masked). */
    public Frame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("connection closed in a frame");
        }
        return new Frame(b0 & 0x0F, payload);
    }

    /** Skips frames until a text frame contains {@code part}; for waiting until the server has admitted us. */
    public String awaitText(String part) throws IOException {
        while (true) {
            Frame frame = readFrame();
            String text = new String(frame.payload(), StandardCharsets.UTF_8);
            if (frame.opcode() == TEXT && text.contains(part)) {
                return text;
            }
        }
    }

    /**
     * Reads until the server closes: the code of its close frame, or {@link #NO_CLOSE_FRAME} if the connection ended
     * without one. Fails if neither happens within the usual wait, or if the server sends anything after its close
     * frame (RFC 6455 section 5.5.1).
     */
    public int awaitClose() throws IOException {
        Frame frame;
        try {
            do {
                frame = readFrame();
            } while (frame.opcode() != CLOSE);
        } catch (EOFException | SocketException e) {
            return NO_CLOSE_FRAME;
        }
        socket.setSoTimeout(AFTER_CLOSE_MS);
        try {
            int next = in.read();
            if (next >= 0) {
                throw new IOException("the server sent more after its close frame: " + next);
            }
        } catch (SocketTimeoutException | SocketException quietOrReset) {
            // nothing more came
        }
        byte[] p = frame.payload();
        return p.length < 2 ? 1005 : ((p[0] & 0xFF) << 8) | (p[1] & 0xFF);
    }

    /** True if the server has closed the connection (end of stream or reset) within {@code wait}. */
    public boolean closedWithin(Duration wait) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            while (in.read() >= 0) {
                // whatever the server still sends before it closes
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(before);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A frame read from the server. */
    public record Frame(int opcode, byte[] payload) {
    }

    /**
     * Builds a client frame byte by byte. By default: final, no RSV bits, masked, the length it really has.
     * Each setter makes it wrong in one way.
     */
    public static final class Builder {

        private final int opcode;
        private final byte[] payload;
        private boolean fin = true;
        private int rsv;
        private boolean masked = true;
        private byte[] maskKey;
        private Long claimedLength;
        private int lengthBytes;

        private Builder(int opcode, byte[] payload) {
            this.opcode = opcode;
            this.payload = payload;
        }

        public static Builder frame(int opcode, byte[] payload) {
            return new Builder(opcode, payload);
        }

        public static Builder text(String text) {
            return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        public static Builder text(byte[] bytes) {
            return frame(TEXT, bytes);
        }

        public static Builder continuation(byte[] bytes) {
            return frame(CONTINUATION, bytes);
        }

        /** Not the last fragment of its message. */
        public Builder more() {
            this.fin = false;
            return this;
        }

        /** RSV bits 1 to 3, as the number 0-7 they form (RSV1 is 4, RSV3 is 1). */
        public Builder rsv(int bits) {
            this.rsv = bits;
            return this;
        }

        public Builder unmasked() {
            this.masked = false;
            return this;
        }

        /** Masked with the key 0: the bytes on the wire are the payload, and so is anything sent after them. */
        public Builder zeroMask() {
            this.maskKey = new byte[4];
            return this;
        }

        /** The header states this length, whatever the payload is. */
        public Builder claimLength(long length) {
            this.claimedLength = length;
            return this;
        }

        /** The length in the 16-bit (2) or 64-bit (8) extended field, even where a shorter one would do. */
        public Builder lengthBytes(int bytes) {
            this.lengthBytes = bytes;
            return this;
        }

        public byte[] bytes() {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((fin ? FIN : 0) | (rsv << 4) | opcode);
            long length = claimedLength != null ? claimedLength : payload.length;
            int maskBit = masked ? 0x80 : 0;
            int field = lengthBytes != 0 ? lengthBytes : length < 126 ? 0 : length < 65536 ? 2 : 8;
            if (field == 0) {
                frame.write(maskBit | (int) length);
            } else if (field == 2) {
                frame.write(maskBit | 126);
                frame.write((int) (length >>> 8) & 0xFF);
                frame.write((int) length & 0xFF);
            } else {
                frame.write(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) (length >>> shift) & 0xFF);
                }
            }
            byte[] body = payload.clone();
            if (masked) {
                byte[] mask = maskKey != null ? maskKey : new byte[4];
                if (maskKey == null) {
                    ThreadLocalRandom.current().nextBytes(mask);
                }
                frame.writeBytes(mask);
                for (int i = 0; i < body.length; i++) {
                    body[i] ^= mask[i & 3];
                }
            }
            frame.writeBytes(body);
            return frame.toByteArray();
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }
}
