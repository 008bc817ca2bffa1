package io.chatservice.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.chatservice.core.Envelope;
import io.chatservice.core.Target;
import io.chatservice.core.StreamKey;
import io.chatservice.protocol.WireFrame;

class CatchupTest {

    private static final StreamKey DEV = StreamKey.room("dev");
    private static final StreamKey OPS = StreamKey.room("ops");

    private static Envelope kept(StreamKey stream, long offset) {
        return new Envelope(Target.room(stream.room()), "{}", 0, null, stream, offset);
    }

    private static Envelope notice() {
        return new Envelope(Target.room("dev"), "{}");
    }

    private static boolean passes(Catchup catchup, Envelope envelope) {
        WireFrame frame = WireFrame.text("frame");
        try {
            return catchup.pass(envelope, frame);
        } finally {
            frame.release();
        }
    }

    @Test
    void liveFramesWaitWhileHistoryIsSent() {
        Catchup catchup = new Catchup();
        catchup.hold();
        WireFrame frame = WireFrame.text("live");
        assertFalse(catchup.pass(kept(DEV, 7), frame));
        frame.release();

        List<WireFrame> now = catchup.release(DEV, 6);
        assertEquals(1, now.size());
        now.forEach(WireFrame::release);
    }

    @Test
    void heldFramesTheHistoryHadAreDropped() {
        Catchup catchup = new Catchup();
        catchup.hold();
        for (long offset = 5; offset <= 8; offset++) {
            WireFrame frame = WireFrame.text("m" + offset);
            catchup.pass(kept(DEV, offset), frame);
            frame.release();
        }
        WireFrame other = WireFrame.text("ops");
        catchup.pass(kept(OPS, 2), other);
        other.release();
        WireFrame join = WireFrame.text("join");
        catchup.pass(notice(), join);
        join.release();

        List<WireFrame> now = catchup.release(DEV, 6);
        // 7 and 8 of dev, the other room's frame and the notice; 5 and 6 were in the history
        assertEquals(4, now.size());
        now.forEach(WireFrame::release);
    }

    @Test
    void afterTheRunLiveFramesItHadAreDroppedUntilANewerOneComes() {
        Catchup catchup = new Catchup();
        catchup.hold();
        catchup.release(DEV, 6);

        assertFalse(passes(catchup, kept(DEV, 6)));
        assertTrue(passes(catchup, kept(DEV, 7)));
        assertTrue(catchup.isIdle());
        assertTrue(passes(catchup, kept(DEV, 3)));
    }

    @Test
    void nestedRunsHoldUntilTheLastEnds() {
        Catchup catchup = new Catchup();
        catchup.hold();
        catchup.hold();
        WireFrame frame = WireFrame.text("live");
        catchup.pass(kept(OPS, 1), frame);
        frame.release();
        assertEquals(List.of(), catchup.release(DEV, 3));
        List<WireFrame> now = catchup.release(OPS, 0);
        assertEquals(1, now.size());
        now.forEach(WireFrame::release);
    }

    @Test
    void aStreamLeftIsForgotten() {
        Catchup catchup = new Catchup();
        catchup.hold();
        catchup.release(DEV, 6);
        catchup.forget(DEV);
        assertTrue(catchup.isIdle());
    }

    @Test
    void aRunOfSeveralConversationsDropsWhatItHadOfEach() {
        StreamKey withAlice = StreamKey.conversation("alice", "bob");
        StreamKey withCarol = StreamKey.conversation("carol", "bob");
        Catchup catchup = new Catchup();
        catchup.hold();
        for (Envelope live : List.of(kept(withAlice, 3), kept(withCarol, 1), kept(withAlice, 4), kept(withCarol, 2))) {
            WireFrame frame = WireFrame.text("live");
            catchup.pass(live, frame);
            frame.release();
        }

        List<WireFrame> now = catchup.release(java.util.Map.of(withAlice, 3L, withCarol, 2L));

        assertEquals(1, now.size(), "only alice's 4 is new");
        now.forEach(WireFrame::release);
        assertFalse(passes(catchup, kept(withCarol, 2)), "a late frame the run had");
        assertTrue(passes(catchup, kept(withCarol, 3)));
    }
}
