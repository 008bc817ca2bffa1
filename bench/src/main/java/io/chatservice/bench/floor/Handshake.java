package io.chatservice.bench.floor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The HTTP/1.1 upgrade to WebSocket (RFC 6455, section 4.2), and nothing more. */
final class Handshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {
    }

    /** @return the request path once the whole request has arrived and been answered with 101, else null */
    static String complete(Peer peer) {
        byte[] in = peer.in();
        int end = -1;
        for (int i = 3; i < peer.inLength(); i++) {
            if (in[i - 3] == '\r' && in[i - 2] == '\n' && in[i - 1] == '\r' && in[i] == '\n') {
                end = i + 1;
                break;
            }
        }
        if (end < 0) {
            return null;
        }
        String request = new String(in, 0, end, StandardCharsets.ISO_8859_1);
        peer.consume(end);
        String[] lines = request.split("\r\n");
        String path = lines[0].split(" ")[1];
        String key = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null) {
            peer.close();
            return null;
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        peer.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
        peer.markUpgraded();
        return path;
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
