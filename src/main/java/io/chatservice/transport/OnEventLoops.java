package io.chatservice.transport;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.chatservice.protocol.WireFrame;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.Lane;

/**
 * Runs a write for each connection on the event loop that owns its socket, in the order the writes were asked for:
 * at once for the connections of the calling thread's loop, once that loop has run what other loops handed it
 * before ({@link Lane}), and as one batch per other loop with all of its connections, instead of a task and a
 * wake-up per connection.
 */
public final class OnEventLoops {

    private OnEventLoops() {
    }

    /** The frame is retained for as long as another loop still has to write it. */
    public static void forEach(ChatSession[] sessions, WireFrame frame, BiConsumer<ChatSession, WireFrame> write) {
        Lane here = null;
        Map<Lane, List<ChatSession>> elsewhere = null;
        for (ChatSession session : sessions) {
            Lane lane = session.lane();
            if (lane == here || lane.isCurrent() && !lane.isDraining()) {
                if (lane != here) {
                    here = lane;
                    lane.run();
                }
                write.accept(session, frame);
            } else {
                // Another loop's, or this loop's while it runs what waits: then this write goes after the rest.
                if (elsewhere == null) {
                    elsewhere = new IdentityHashMap<>(4);
                }
                elsewhere.computeIfAbsent(lane, loop -> new ArrayList<>()).add(session);
            }
        }
        if (elsewhere == null) {
            return;
        }
        for (Map.Entry<Lane, List<ChatSession>> batch : elsewhere.entrySet()) {
            frame.retain();
            batch.getKey().handOver(new Writes(batch.getValue(), frame, write));
        }
    }

    /** One frame for some connections of one loop. */
    private record Writes(List<ChatSession> sessions, WireFrame frame, BiConsumer<ChatSession, WireFrame> each)
            implements Lane.Batch {

        @Override
        public void write() {
            try {
                for (ChatSession session : sessions) {
                    each.accept(session, frame);
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void discard() {
            frame.release();
        }
    }
}
