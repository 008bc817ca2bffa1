package io.chatservice.page;

import static io.chatservice.support.ChatPage.isOnline;
import static io.chatservice.support.ChatPage.join;
import static io.chatservice.support.ChatPage.messageTexts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.Browser;
import io.chatservice.support.ChatClient;
import io.chatservice.support.Chromium;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisServer;
import io.chatservice.support.TcpProxy;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The page on a cluster of two nodes on one Redis: when the node it is on is killed, the load balancer (a proxy here)
 * sends its reconnect to the other node, which gives it exactly what it missed from the history kept in Redis.
 */
@Tag("browser")
class ChatPageClusterIT {

    /** A reconnect waits out the page's backoff, which grows while no node answers. */
    private static final Duration RECONNECT = Duration.ofSeconds(30);

    /** Started while the services start: the first test waits for it only if it is not up by then. */
    private static CompletableFuture<Chromium> chromium;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Vertx vertx;
    private RedisServer redis;
    private ClusterNodes nodes;

    @BeforeAll
    static void startChromium() {
        chromium = CompletableFuture.supplyAsync(Chromium::start);
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.join().close();
        }
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        redis = RedisServer.start();
        // Stopped after the test as the tests' own service is, without the drain a load balancer would wait for.
        nodes = ClusterNodes.start(Map.of("quarkus.redis.hosts", redis.uri(), "quarkus.shutdown.delay", "0s",
                "chat.drain.window", "0s", "quarkus.shutdown.timeout", "1s"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            chromium.join().closePeople();
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).close();
            }
        } finally {
            nodes.close();
            redis.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static void say(ChatClient client, List<String> texts) {
        for (String text : texts) {
            client.send(new JsonObject().put("info", text));
            client.await(f -> text.equals(f.getString("info")), "echo of " + text);
        }
    }

    @Test
    void aPageWhoseNodeWasKilledShowsWhatItMissedOnceAndInOrderFromTheOtherNode() {
        TcpProxy proxy = TcpProxy.start(vertx, "127.0.0.1", nodes.b().port());
        opened.add(proxy);
        Browser a = chromium.join().person().go("http://127.0.0.1:" + proxy.port() + "/chat").logIn(unique("alice"));
        String room = unique("room");
        join(a, room);
        ChatClient bob = nodes.group(nodes.a(), unique("bob"), room);
        say(bob, List.of("before"));
        a.await(d -> messageTexts(a).equals(List.of("before")));

        proxy.cut();
        nodes.b().kill();
        List<String> missed = IntStream.rangeClosed(1, 5).mapToObj(i -> "missed " + i).toList();
        say(bob, missed);
        proxy.retarget(nodes.a().port());
        proxy.restore();

        List<String> lines = new ArrayList<>(List.of("before"));
        lines.addAll(missed);
        a.await(RECONNECT, d -> isOnline(a) && messageTexts(a).equals(lines));
        a.screenshot("recovered-on-the-other-node");
        say(bob, List.of("after"));
        lines.add("after");
        a.await(d -> messageTexts(a).equals(lines));
    }
}
