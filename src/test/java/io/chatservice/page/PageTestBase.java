package io.chatservice.page;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import io.chatservice.support.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.Vertx;

/** What the page's browser tests share: the page's address, a Vert.x for their own clients, and clean-up after each test. */
abstract class PageTestBase {

    protected static Vertx vertx;
    /** Browsers and clients of the running test, closed after it. */
    protected final List<AutoCloseable> opened = new ArrayList<>();

    @TestHTTPResource("/chat")
    URI chat;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        opened.clear();
    }

    /** A fresh desktop browser of its own, on the page. */
    protected Browser browser() {
        Browser browser = Browser.desktop();
        opened.add(browser);
        return browser.go(chat.toString());
    }
}
