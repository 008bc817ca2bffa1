package io.chatservice.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.chatservice.core.Envelope;
import io.chatservice.core.StreamKey;
import io.chatservice.protocol.WireFrame;

/**
 * A connection being sent a stream's history (a newcomer's recent messages, a recovery): live frames that arrive
 * meanwhile are held and go after the history, and those of the stream that the history had already are not sent
 * twice. Touched on the connection's event loop only; a connection that is not catching up has none.
 */
public final class Catchup {

    private int holding;
    private final List<Held> held = new ArrayList<>();
    /** Per stream, the newest offset a history run has sent; live frames up to it are dropped. */
    private final Map<StreamKey, Long> sentUpTo = new HashMap<>(2);

    /** Live frames are held from now until {@link #release}. */
    public void hold() {
        holding++;
    }

    /** @return whether the frame goes out now; a held one is retained until it is released */
    public boolean pass(Envelope envelope, WireFrame frame) {
        if (holding > 0) {
            frame.retain();
            held.add(new Held(envelope.stream(), envelope.offset(), frame));
            return false;
        }
        return isNew(envelope.stream(), envelope.offset());
    }

    /**
     * A history run ended; {@code stream}'s messages up to {@code latest} have been sent (either may be null/0 when
     * it sent none).
     *
     * @return the held frames to send now, in the order they came; the caller releases each
     */
    public List<WireFrame> release(StreamKey stream, long latest) {
        return release(stream == null ? Map.of() : Map.of(stream, latest));
    }

    /** A history run of several streams ended (a mailbox's): per stream, the newest offset it has sent. */
    public List<WireFrame> release(Map<StreamKey, Long> latest) {
        latest.forEach((stream, offset) -> {
            if (offset > 0) {
                sentUpTo.merge(stream, offset, Math::max);
            }
        });
        if (--holding > 0) {
            return List.of();
        }
        List<WireFrame> now = new ArrayList<>(held.size());
        for (Held frame : held) {
            if (isNew(frame.stream, frame.offset)) {
                now.add(frame.frame);
            } else {
                frame.frame.release();
            }
        }
        held.clear();
        return now;
    }

    /** A stream this connection no longer receives: what it was sent of it no longer matters. */
    public void forget(StreamKey stream) {
        sentUpTo.remove(stream);
    }

    public boolean isIdle() {
        return holding == 0 && sentUpTo.isEmpty();
    }

    private boolean isNew(StreamKey stream, long offset) {
        if (stream == null || sentUpTo.isEmpty()) {
            return true;
        }
        Long sent = sentUpTo.get(stream);
        if (sent == null) {
            return true;
        }
        if (offset <= sent) {
            return false;
        }
        sentUpTo.remove(stream); // a stream's frames come in offset order: every later one is new as well
        return true;
    }

    private record Held(StreamKey stream, long offset, WireFrame frame) {
    }
}
