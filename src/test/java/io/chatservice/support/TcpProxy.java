package io.chatservice.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP relay between a browser and the service, standing in for the network: {@link #cut()} drops every connection
 * and refuses new ones, {@link #restore()} lets them through again. {@link #muteReplies()} loses what the service
 * sends while the connections stay open, and {@link #retarget} sends new connections to another service, as a load
 * balancer does when a node has gone.
 */
public final class TcpProxy implements AutoCloseable {

    private final NetServer server;
    private final NetClient client;
    private final String targetHost;
    private volatile int targetPort;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private volatile boolean muted;

    private TcpProxy(Vertx vertx, String targetHost, int targetPort) {
        this.server = vertx.createNetServer().connectHandler(this::relay);
        this.client = vertx.createNetClient();
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Listens on a free loopback port and relays to the target. */
    public static TcpProxy start(Vertx vertx, String targetHost, int targetPort) {
        TcpProxy proxy = new TcpProxy(vertx, targetHost, targetPort);
        try {
            proxy.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("proxy did not start", e);
        }
        return proxy;
    }

    private void relay(NetSocket incoming) {
        if (down) {
            incoming.close();
            return;
        }
        incoming.pause();
        client.connect(targetPort, targetHost).onComplete(result -> {
            if (result.failed() || down) {
                incoming.close();
                return;
            }
            NetSocket outgoing = result.result();
            sockets.add(incoming);
            sockets.add(outgoing);
            incoming.handler(outgoing::write);
            outgoing.handler(data -> {
                if (!muted) {
                    incoming.write(data);
                }
            });
            incoming.closeHandler(v -> {
                sockets.remove(incoming);
                outgoing.close();
            });
            outgoing.closeHandler(v -> {
                sockets.remove(outgoing);
                incoming.close();
            });
            incoming.resume();
        });
    }

    public int port() {
        return server.actualPort();
    }

    /** The network goes away: open connections drop, new ones are refused. */
    public void cut() {
        down = true;
        sockets.forEach(NetSocket::close);
    }

    public void restore() {
        down = false;
        muted = false;
    }

    /**
     * What the service sends is lost from now on (until {@link #cut()} or {@link #restore()}), while what the client
     * sends still reaches it and no connection closes: a network that fails one way.
     */
    public void muteReplies() {
        muted = true;
    }

    /** New connections go to this port on the same host from now on; open ones stay where they are. */
    public void retarget(int port) {
        targetPort = port;
    }

    @Override
    public void close() {
        cut();
        server.close();
        client.close();
    }
}
