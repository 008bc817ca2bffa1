package io.chatservice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chatservice.protocol.ChatChannel;
import io.chatservice.protocol.WireFrame;
import io.chatservice.registry.ChatSession;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Plain JUnit on two real event loops: a connection receives what was sent to it in the order it was sent, whichever
 * loop sent it. Each test holds loop b busy while loop a hands it writes, as a loop busy reading its sockets is.
 */
class OnEventLoopsTest {

    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    private final EventLoop a = loops.next();
    private final EventLoop b = loops.next();
    private final List<String> written = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopLoops() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aLoopWritesWhatAnotherLoopHandedItBeforeWhatItWritesItself() throws Exception {
        ChatSession onB = session(b);

        b.submit(() -> {
            on(a, () -> send(onB, "first, from loop a"));
            send(onB, "second, from loop b itself");
        }).get(5, TimeUnit.SECONDS);

        assertEquals(List.of("first, from loop a", "second, from loop b itself"), written);
    }

    @Test
    void aWriteAskedForWhileTheLoopRunsWhatWaitsGoesAfterTheRest() throws Exception {
        ChatSession onB = session(b);

        b.submit(() -> {
            on(a, () -> {
                send(onB, "first", () -> send(onB, "asked for while writing the first"));
                send(onB, "second");
            });
            onB.lane().catchUp();
        }).get(5, TimeUnit.SECONDS);

        assertEquals(List.of("first", "second", "asked for while writing the first"), written);
    }

    @Test
    void whatAnotherLoopHandsOverIsWrittenOnTheConnectionsOwnLoop() throws Exception {
        ChatSession onB = session(b);
        List<Boolean> onItsLoop = Collections.synchronizedList(new ArrayList<>());

        a.submit(() -> write(onB, (session, frame) -> onItsLoop.add(b.inEventLoop()))).get(5, TimeUnit.SECONDS);
        b.submit(() -> onB.lane().catchUp()).get(5, TimeUnit.SECONDS);

        assertEquals(List.of(true), onItsLoop);
    }

    private static void on(EventLoop loop, Runnable step) {
        try {
            loop.submit(step).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void send(ChatSession session, String text) {
        send(session, text, () -> {
        });
    }

    /** Sends a frame; {@code meanwhile} runs while it is written. */
    private void send(ChatSession session, String text, Runnable meanwhile) {
        write(session, (to, frame) -> {
            written.add(text);
            meanwhile.run();
        });
    }

    private static void write(ChatSession session, java.util.function.BiConsumer<ChatSession, WireFrame> write) {
        WireFrame frame = WireFrame.text("{}");
        try {
            OnEventLoops.forEach(new ChatSession[] { session }, frame, write);
        } finally {
            frame.release();
        }
    }

    private static ChatSession session(EventLoop loop) {
        Channel socket = mock(Channel.class);
        when(socket.eventLoop()).thenReturn(loop);
        return new ChatSession(mock(WebSocketConnection.class), socket, "alice", ChatChannel.GROUP, "127.0.0.1",
                new AtomicLong());
    }
}
