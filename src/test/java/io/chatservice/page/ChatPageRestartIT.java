package io.chatservice.page;

import static io.chatservice.support.ChatPage.isOnline;
import static io.chatservice.support.ChatPage.join;
import static io.chatservice.support.ChatPage.messageTexts;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.Browser;
import io.chatservice.support.ChatClient;
import io.chatservice.support.Chromium;
import io.chatservice.support.ServiceProcess;
import io.chatservice.support.TcpProxy;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The page across a restart of the service with the memory broker, which loses all history: the page is told it
 * cannot be given what it missed, and shows what the service has now instead of lines nobody else can see. The
 * browser reaches the service through a proxy, which a restart points at the new process, as a load balancer would.
 */
@Tag("browser")
class ChatPageRestartIT {

    /** A reconnect waits out the page's backoff, which grows while the service is away. */
    private static final Duration RECONNECT = Duration.ofSeconds(30);
    /**
     * A drain as the packaged service's own (its connections sent away with 1001 over a window, then a delay longer
     * than the window before the HTTP server stops), only shorter: what the page does with a 1001 is the same.
     */
    private static final Map<String, String> SHORT_DRAIN = Map.of("chat.drain.window", "1s",
            "quarkus.shutdown.delay", "2s", "quarkus.shutdown.timeout", "1s");

    /** Started while the services start: the first test waits for it only if it is not up by then. */
    private static CompletableFuture<Chromium> chromium;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Vertx vertx;

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
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeAll() throws Exception {
        try {
            chromium.join().closePeople();
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).close();
            }
        } finally {
            opened.clear();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * Starts services side by side, with the settings given: a start is mostly a JVM's own. Each is killed after the
     * test, which checks nothing of it then.
     */
    @SafeVarargs
    private List<ServiceProcess> services(Map<String, String>... settings) {
        List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        for (Map<String, String> each : settings) {
            starting.add(CompletableFuture.supplyAsync(() -> ServiceProcess.start(each)));
        }
        List<ServiceProcess> started = new ArrayList<>();
        CompletionException failed = null;
        for (CompletableFuture<ServiceProcess> start : starting) {
            try {
                ServiceProcess service = start.join();
                opened.add(service::kill);
                started.add(service);
            } catch (CompletionException e) {
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
        return started;
    }

    private ChatClient member(ServiceProcess service, String room) {
        ChatClient client = ChatClient.connect(vertx, service.ws("/groupchat/" + unique("bob") + "/" + room));
        opened.add(client);
        client.awaitType("presence");
        return client;
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static void say(ChatClient client, String text) {
        client.send(new JsonObject().put("info", text));
        client.await(f -> text.equals(f.getString("info")), "echo of " + text);
    }

    @Test
    void aPageItsNodeSendsAwayComesBackOnAnotherNodeAndGoesOn() {
        List<ServiceProcess> nodes = services(SHORT_DRAIN, Map.of());
        ServiceProcess draining = nodes.get(0), other = nodes.get(1);
        TcpProxy proxy = TcpProxy.start(vertx, "127.0.0.1", draining.port());
        opened.add(proxy);
        String alice = unique("alice");
        Browser a = chromium.join().person().go("http://127.0.0.1:" + proxy.port() + "/chat").logIn(alice);
        String room = unique("room");
        join(a, room);

        proxy.retarget(other.port()); // the load balancer takes the draining node out
        draining.terminate();

        a.await(RECONNECT, d -> other.get("/api/users").contains(alice) && isOnline(a));
        say(member(other, room), "on the other node");
        a.await(d -> messageTexts(a).contains("on the other node"));
        assertTrue(draining.awaitExit(Duration.ofSeconds(30)), "the drained node exited");
    }

    @Test
    void afterARestartThatLostTheHistoryThePageShowsOnlyWhatTheServiceHasNow() {
        // The new process is ready before the old one goes, as in a rolling update.
        List<ServiceProcess> processes = services(Map.of(), Map.of());
        ServiceProcess before = processes.get(0), after = processes.get(1);
        TcpProxy proxy = TcpProxy.start(vertx, "127.0.0.1", before.port());
        opened.add(proxy);
        Browser a = chromium.join().person().go("http://127.0.0.1:" + proxy.port() + "/chat").logIn(unique("alice"));
        String room = unique("room");
        join(a, room);
        say(member(before, room), "before the restart");
        a.await(d -> messageTexts(a).equals(List.of("before the restart")));

        proxy.retarget(after.port());
        before.kill();

        a.await(RECONNECT, d -> isOnline(a) && messageTexts(a).isEmpty());
        say(member(after, room), "after the restart");
        a.await(d -> messageTexts(a).equals(List.of("after the restart")));
        a.screenshot("after-a-restart-that-lost-history");
    }
}
