package io.chatservice.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.ChatChannel;

/**
 * Saying something in a room, for a member's connection and for the backend alike: the message is kept in the room's
 * history and reaches the room's members on every node. Whether a user may speak in the room (is in it) is the
 * caller's to check; the backend may post to any room.
 */
@Singleton
public class RoomMessages {

    private final Delivery delivery;
    private final Frames frames;
    private final ChatMetrics metrics;

    public RoomMessages(Delivery delivery, Frames frames, ChatMetrics metrics) {
        this.delivery = delivery;
        this.frames = frames;
        this.metrics = metrics;
    }

    /**
     * @param room the room's folded name
     * @param text checked already ({@link io.chatservice.protocol.InputRules#requireText})
     * @param receivedAt {@link System#nanoTime()} when the message arrived
     */
    public CompletionStage<Posted> say(Sender sender, String room, String text, String cid, long receivedAt) {
        metrics.received(ChatChannel.GROUP);
        return CompletableFuture.completedFuture(new Posted(delivery.append(new Outgoing(StreamKey.room(room),
                frames.draft(room, sender.name(), null, text, sender.isBackend()), Target.room(room), null,
                sender.cidOwner(), cid, null, receivedAt))));
    }
}
