package io.chatservice.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.protocol.ChatChannel;

/**
 * Saying something in a room, for a member's connection and for the backend alike: the message is kept in the room's
 * history and reaches the room's members on every node. Whether a user may speak in the room (is in it) is the
 * caller's to check; the backend may post to any room. A user the server API muted in the room is refused with
 * {@code MUTED}, from this node's view of the mutes, without a round trip; the backend is never muted.
 */
@Singleton
public class RoomMessages {

    private final Delivery delivery;
    private final Frames frames;
    private final ChatMetrics metrics;
    private final Sanctions sanctions;

    public RoomMessages(Delivery delivery, Frames frames, ChatMetrics metrics, Sanctions sanctions) {
        this.sanctions = sanctions;
        this.delivery = delivery;
        this.frames = frames;
        this.metrics = metrics;
    }

    /**
     * @param room the room's folded name
     * @param text checked already ({@link io.chatservice.protocol.InputRules#requireText})
     * @param receivedAt {@link System#nanoTime()} when the message arrived
     * @return accepted, or refused with {@code MUTED} (nothing kept, nothing delivered)
     */
    public CompletionStage<Posted> say(Sender sender, String room, String text, String cid, long receivedAt) {
        Mute mute = sender.isBackend() ? null : sanctions.mute(room, sender.name());
        if (mute != null) {
            long left = Math.max(1, mute.untilMs() - System.currentTimeMillis());
            String why = mute.reason() == null || mute.reason().isBlank() ? "" : ": " + mute.reason();
            return CompletableFuture.failedFuture(ProtocolException.retryLaterInRoom(ErrorCode.MUTED,
                    "you are muted in " + room + why + "; nothing you say there is kept or delivered", room, left));
        }
        metrics.received(ChatChannel.GROUP);
        return CompletableFuture.completedFuture(new Posted(delivery.append(new Outgoing(StreamKey.room(room),
                frames.draft(room, sender.name(), null, text, sender.isBackend()), Target.room(room), null,
                sender.cidOwner(), cid, null, receivedAt, sender.identity()))));
    }
}
