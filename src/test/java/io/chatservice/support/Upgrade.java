package io.chatservice.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bare WebSocket upgrade request, with exactly the headers a test gives, and the status line and headers of the
 * answer: what a client that is not a browser sees of a refused upgrade.
 */
public record Upgrade(int status, Map<String, String> headers) {

    public static Upgrade send(String host, int port, String rawPath, Map<String, String> extraHeaders)
            throws IOException {
        try (Socket socket = new Socket(host, port)) {
            return request(socket, host, port, rawPath, extraHeaders);
        }
    }

    /** Upgrades, and keeps the connection open to read what the server sends first. */
    public static Open open(String host, int port, String rawPath, Map<String, String> extraHeaders)
            throws IOException {
        Socket socket = new Socket(host, port);
        Upgrade upgrade = request(socket, host, port, rawPath, extraHeaders);
        if (upgrade.status() != 101) {
            socket.close();
            throw new IOException("upgrade refused with " + upgrade.status());
        }
        return new Open(socket);
    }

    /** An upgraded connection that reads the server's text frames (unmasked, unfragmented, under 64 KiB). */
    public record Open(Socket socket) implements AutoCloseable {

        public String readText() throws IOException {
            InputStream in = socket.getInputStream();
            int opcode = in.read() & 0x0f;
            int length = in.read() & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            }
            byte[] payload = in.readNBytes(length);
            if (opcode != 1) {
                throw new IOException("not a text frame: opcode " + opcode);
            }
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Upgrade request(Socket socket, String host, int port, String rawPath,
            Map<String, String> extraHeaders) throws IOException {
        socket.setSoTimeout(5000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + rawPath + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read(socket.getInputStream());
    }

    private static Upgrade read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the answer's head ended: " + head);
            }
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
        }
        return new Upgrade(Integer.parseInt(lines[0].split(" ")[1]), headers);
    }
}
