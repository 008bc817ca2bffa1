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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.chatservice.support.Browser;
import io.chatservice.support.ChatClient;
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

    private final List<AutoCloseable> opened = new ArrayList<>();
    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private ServiceProcess service() {
        ServiceProcess service = ServiceProcess.start(Map.of());
        opened.add(service);
        return service;
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
        ServiceProcess draining = service();
        ServiceProcess other = service();
        TcpProxy proxy = TcpProxy.start(vertx, "127.0.0.1", draining.port());
        opened.add(proxy);
        Browser a = Browser.desktop();
        opened.add(a);
        String alice = unique("alice");
        a.go("http://127.0.0.1:" + proxy.port() + "/chat").logIn(alice);
        String room = unique("room");
        join(a, room);

        proxy.retarget(other.port()); // the load balancer takes the draining node out
        draining.terminate();

        new WebDriverWait(a.driver(), RECONNECT).until(d -> other.get("/api/users").contains(alice) && isOnline(a));
        say(member(other, room), "on the other node");
        a.await(d -> messageTexts(a).contains("on the other node"));
        assertTrue(draining.awaitExit(Duration.ofSeconds(30)), "the drained node exited");
    }

    @Test
    void afterARestartThatLostTheHistoryThePageShowsOnlyWhatTheServiceHasNow() {
        ServiceProcess before = service();
        TcpProxy proxy = TcpProxy.start(vertx, "127.0.0.1", before.port());
        opened.add(proxy);
        Browser a = Browser.desktop();
        opened.add(a);
        a.go("http://127.0.0.1:" + proxy.port() + "/chat").logIn(unique("alice"));
        String room = unique("room");
        join(a, room);
        say(member(before, room), "before the restart");
        a.await(d -> messageTexts(a).equals(List.of("before the restart")));

        ServiceProcess after = service(); // the new process is ready before the old one goes, as in a rolling update
        proxy.retarget(after.port());
        before.kill();

        new WebDriverWait(a.driver(), RECONNECT).until(d -> isOnline(a) && messageTexts(a).isEmpty());
        say(member(after, room), "after the restart");
        a.await(d -> messageTexts(a).equals(List.of("after the restart")));
        a.screenshot("after-a-restart-that-lost-history");
    }
}
