package io.chatservice.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback ports for the servers the tests start, never the same one twice in a JVM. A Redis Cluster node also
 * listens on its port + 10000 (the cluster bus), so every port handed out is below 55536 with port + 10000 free too,
 * and neither is one handed out before, or another server's bus port.
 */
final class LoopbackPorts {

    private static final int BUS_OFFSET = 10000;
    private static final int HIGHEST = 65535 - BUS_OFFSET;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> handedOut = new HashSet<>();

    private LoopbackPorts() {
    }

    static synchronized int take() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = anyFree();
            int bus = port + BUS_OFFSET;
            if (port <= HIGHEST && !handedOut.contains(port) && !handedOut.contains(bus) && isFree(bus)) {
                handedOut.add(port);
                handedOut.add(bus);
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port below " + (HIGHEST + 1) + " with port + " + BUS_OFFSET
                + " free too, in " + ATTEMPTS + " tries");
    }

    private static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
