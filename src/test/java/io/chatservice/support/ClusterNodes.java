package io.chatservice.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Vertx;

/**
 * Two packaged service processes on one Redis, as two replicas behind a load balancer would be, and the clients a
 * test opens on either. A person's further tabs present the key of their first, on whichever node, as a browser
 * that keeps the key does.
 */
public final class ClusterNodes implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final List<ChatClient> clients = new ArrayList<>();
    private final Map<String, String> settings;
    private ServiceProcess a;
    private ServiceProcess b;
    private final List<ServiceProcess> replaced = new ArrayList<>();

    private ClusterNodes(Map<String, String> settings) {
        this.settings = settings;
    }

    /**
     * Starts both nodes with {@code chat.broker=redis} and the settings given (at least quarkus.redis.hosts), side by
     * side, as an orchestrator starts replicas: neither waits for the other.
     */
    public static ClusterNodes start(Map<String, String> settings) {
        ClusterNodes nodes = new ClusterNodes(settings);
        CompletableFuture<ServiceProcess> a = CompletableFuture.supplyAsync(() -> nodes.startNode("a"));
        try {
            nodes.b = nodes.startNode("b");
        } catch (RuntimeException e) {
            a.thenAccept(ServiceProcess::kill);
            throw e;
        }
        try {
            nodes.a = a.join();
        } catch (CompletionException e) {
            nodes.b.kill();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return nodes;
    }

    private ServiceProcess startNode(String id) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("chat.broker", "redis");
        all.putIfAbsent("chat.cluster.node-id", "node-" + id + "-" + System.nanoTime());
        return ServiceProcess.start(all);
    }

    public ServiceProcess a() {
        return a;
    }

    public ServiceProcess b() {
        return b;
    }

    /** Starts node b again, as a new process with a new node id, after a test killed it (or kills it now). */
    public void restartB() {
        b.kill();
        b = startNode("b");
    }

    /**
     * Starts a new node b, with a new node id, while the one it replaces may still be shutting down (the test watches
     * that one to its end; {@link #close()} kills it if it is still there).
     */
    public void replaceB() {
        replaced.add(b);
        b = startNode("b");
    }

    /** Connects to a chat path on a node as the person who holds its name. Does not wait for a frame. */
    public ChatClient connect(ServiceProcess node, String path) {
        String user = path.split("/")[2];
        String key = keys.get(user);
        ChatClient client = connectAsStranger(node, key == null ? path : path + "?key=" + key);
        if (key == null && client.welcome() != null && client.welcome().getString("key") != null) {
            keys.putIfAbsent(user, client.welcome().getString("key"));
        }
        return client;
    }

    /** Connects with no key, whoever holds the name. */
    public ChatClient connectAsStranger(ServiceProcess node, String pathAndQuery) {
        ChatClient client = ChatClient.connect(vertx, URI.create("ws://127.0.0.1:" + node.port() + pathAndQuery));
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** Joins a room on a node and waits for the room's presence frame. */
    public ChatClient group(ServiceProcess node, String user, String room) {
        ChatClient client = connect(node, "/groupchat/" + user + "/" + room);
        client.awaitType("presence");
        return client;
    }

    /** Opens private chat on a node and waits for the private channel's presence frame. */
    public ChatClient direct(ServiceProcess node, String user) {
        ChatClient client = connect(node, "/privateChat/" + user);
        client.awaitType("presence");
        return client;
    }

    /** Closes the test's clients and forgets their keys; the nodes go on. */
    public void closeClients() {
        synchronized (clients) {
            clients.forEach(ChatClient::close);
            clients.clear();
        }
        keys.clear();
    }

    @Override
    public void close() {
        closeClients();
        replaced.forEach(ServiceProcess::close);
        for (ServiceProcess node : new ServiceProcess[] { a, b }) {
            if (node != null) {
                node.close();
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
