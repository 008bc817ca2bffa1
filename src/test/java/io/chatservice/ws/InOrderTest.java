package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.chatservice.core.Stages;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quarkus.websockets.next.WebSocketConnection;

/** A connection's frames are handled in the order they came, also when one of them waits for the cluster. */
class InOrderTest {

    private final EmbeddedChannel socket = new EmbeddedChannel();
    private final ChatSession session = new ChatSession(mock(WebSocketConnection.class), socket, "alice",
            ChatChannel.PRIVATE, "127.0.0.1", new AtomicLong());
    private final List<String> handled = new ArrayList<>();

    @Test
    void stepsThatNeedNoAnswerRunAtOnceAndQueueNothing() {
        InOrder.run(session, () -> step("one"));
        InOrder.run(session, () -> step("two"));

        assertEquals(List.of("one", "two"), handled);
        assertFalse(session.isWaiting());
        assertEquals(null, session.nextQueued());
    }

    @Test
    void aFrameArrivingWhileOneWaitsRunsAfterIt() {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        InOrder.run(session, () -> {
            handled.add("asks the cluster");
            return answer;
        });
        InOrder.run(session, () -> step("next"));
        assertEquals(List.of("asks the cluster"), handled, "the next frame waits");

        answer.complete(null);
        socket.runPendingTasks(); // the answer hands the rest back to the connection's event loop

        assertEquals(List.of("asks the cluster", "next"), handled);
        assertFalse(session.isWaiting());
    }

    @Test
    void aFailedAnswerLetsTheNextFramesGoOn() {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        InOrder.run(session, () -> answer);
        InOrder.run(session, () -> step("next"));

        answer.completeExceptionally(new IllegalStateException("redis is gone"));
        socket.runPendingTasks();

        assertEquals(List.of("next"), handled);
    }

    @Test
    void onlySoManyFramesMayWait() {
        InOrder.run(session, CompletableFuture::new);
        for (int i = 0; i < InOrder.MAX_QUEUED; i++) {
            assertTrue(InOrder.run(session, () -> step("queued")));
        }

        assertFalse(InOrder.run(session, () -> step("one too many")));
    }

    @Test
    void whatWaitsBehindAClosedConnectionIsDropped() {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        InOrder.run(session, () -> answer);
        InOrder.run(session, () -> step("after the close"));

        session.markClosing();
        answer.complete(null);
        socket.runPendingTasks();

        assertEquals(List.of(), handled);
    }

    private CompletableFuture<Void> step(String name) {
        handled.add(name);
        return Stages.DONE.toCompletableFuture();
    }
}
