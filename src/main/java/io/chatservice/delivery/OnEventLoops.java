package io.chatservice.delivery;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import io.chatservice.registry.ChatSession;
import io.netty.channel.EventLoop;

/**
 * Runs a write for each connection on the event loop that owns its socket: at once for the connections of the
 * calling thread's loop, and as one task per other loop with all of its connections, instead of a task and a wake-up
 * per connection.
 */
public final class OnEventLoops {

    private OnEventLoops() {
    }

    /** The frame is retained for as long as another loop still has to write it. */
    public static void forEach(ChatSession[] sessions, WireFrame frame, BiConsumer<ChatSession, WireFrame> write) {
        Map<EventLoop, List<ChatSession>> elsewhere = null;
        for (ChatSession session : sessions) {
            EventLoop owner = session.eventLoop();
            if (owner.inEventLoop()) {
                write.accept(session, frame);
            } else {
                if (elsewhere == null) {
                    elsewhere = new IdentityHashMap<>(4);
                }
                elsewhere.computeIfAbsent(owner, loop -> new ArrayList<>()).add(session);
            }
        }
        if (elsewhere == null) {
            return;
        }
        for (Map.Entry<EventLoop, List<ChatSession>> batch : elsewhere.entrySet()) {
            List<ChatSession> owned = batch.getValue();
            frame.retain();
            try {
                batch.getKey().execute(() -> {
                    try {
                        for (ChatSession session : owned) {
                            write.accept(session, frame);
                        }
                    } finally {
                        frame.release();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                frame.release(); // the loop is shutting down and its sockets with it
            }
        }
    }
}
