package io.chatservice.delivery;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import io.chatservice.core.StreamKey;
import io.chatservice.registry.Catchup;
import io.chatservice.registry.ChatSession;
import io.chatservice.transport.FrameSender;
import io.chatservice.protocol.WireFrame;

/**
 * Sends a connection a run of history with nothing live in between, and nothing twice ({@link Catchup}). Every
 * method runs on the connection's event loop: {@link #hold} before the connection can receive the stream live (before
 * it enters the room), then exactly one {@link #finish} or {@link #abandon}.
 */
@Singleton
public class Catchups {

    private final FrameSender sender;

    public Catchups(FrameSender sender) {
        this.sender = sender;
    }

    public void hold(ChatSession session) {
        Catchup catchup = session.catchup();
        if (catchup == null) {
            catchup = new Catchup();
            session.catchup(catchup);
        }
        catchup.hold();
    }

    /**
     * Sends the run, then the live frames held meanwhile that it did not have.
     *
     * @param latest the newest offset of {@code stream} that the run stands for (it has it, or the client had it)
     */
    public void finish(ChatSession session, StreamKey stream, long latest, List<String> run) {
        finish(session, stream == null ? Map.of() : Map.of(stream, latest), run);
    }

    /**
     * Sends a run of several streams' history (a mailbox's), then the live frames held meanwhile that it did not
     * have.
     *
     * @param latest per stream, the newest offset that the run stands for
     */
    public void finish(ChatSession session, Map<StreamKey, Long> latest, List<String> run) {
        // What other loops sent before goes first: live frames of the stream among it are held or dropped here.
        session.lane().catchUp();
        for (String text : run) {
            WireFrame frame = WireFrame.text(text);
            try {
                sender.send(session, frame);
            } finally {
                frame.release();
            }
        }
        Catchup catchup = session.catchup();
        if (catchup == null) {
            return;
        }
        for (WireFrame held : catchup.release(latest)) {
            try {
                sender.send(session, held);
            } finally {
                held.release();
            }
        }
        if (catchup.isIdle()) {
            session.catchup(null);
        }
    }

    /** No run after all: what was held goes out as it came. */
    public void abandon(ChatSession session) {
        finish(session, null, 0, List.of());
    }

    /** The connection left the stream. */
    public void forget(ChatSession session, StreamKey stream) {
        Catchup catchup = session.catchup();
        if (catchup != null) {
            catchup.forget(stream);
            if (catchup.isIdle()) {
                session.catchup(null);
            }
        }
    }
}
