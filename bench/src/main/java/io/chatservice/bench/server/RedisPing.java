package io.chatservice.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Whether a Redis server answers: {@code PING} over a fresh connection, {@code +PONG} back. */
public final class RedisPing {

    private RedisPing() {
    }

    /** Polls every 20 ms; @return whether Redis answered within {@code timeoutSeconds} */
    public static boolean await(ServerProcess redis, String host, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline && redis.isAlive()) {
            if (pong(host, redis.port())) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static boolean pong(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(5);
            return "+PONG".equals(new String(answer, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }
}
