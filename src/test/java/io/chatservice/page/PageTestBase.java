package io.chatservice.page;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import io.chatservice.support.Browser;
import io.chatservice.support.Chromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.Vertx;

/**
 * What the page's browser tests share: the page's address, one Chromium for the class with a browser context per
 * person, a Vert.x for their own clients, and clean-up after each test.
 */
abstract class PageTestBase {

    protected static Vertx vertx;
    protected static Chromium chromium;
    /** Clients and proxies of the running test, closed after it. */
    protected final List<AutoCloseable> opened = new ArrayList<>();

    @TestHTTPResource("/chat")
    URI chat;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        try {
            for (AutoCloseable c : opened) {
                c.close();
            }
        } finally {
            opened.clear();
            chromium.closePeople();
        }
    }

    /** A person of their own, at a desktop-sized window, on a blank page: closed after the test. */
    protected Browser person() {
        return chromium.person();
    }

    /** A person of their own, on the page. */
    protected Browser browser() {
        return person().go(chat.toString());
    }
}
