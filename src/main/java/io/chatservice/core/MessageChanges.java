package io.chatservice.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.history.Kept;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.ProtocolException;

/**
 * Editing and deleting kept messages, for a user's connection and for the backend alike. A user changes only their
 * own messages (by identity: a later holder of the name is not their author), within {@code chat.messages.edit-window}
 * of the message's {@code ts}; the backend changes any message, at any time. The message is rewritten in its
 * stream's history (its latest text, or its tombstone), and the change is kept in the stream under the next offset
 * and reaches the stream's members on every node ({@link Delivery#change}). Deleting a deleted message changes
 * nothing and is no error (the answer is null): two tabs, or the backend and the author, may delete it together.
 */
@Singleton
public class MessageChanges {

    private final Delivery delivery;
    private final HistoryReads history;
    private final Presence presence;
    private final Peers peers;
    private final Frames frames;
    private final long windowMillis;
    private final int historySize;

    public MessageChanges(Delivery delivery, HistoryReads history, Presence presence, Peers peers, Frames frames,
            ChatConfig config) {
        this.delivery = delivery;
        this.history = history;
        this.presence = presence;
        this.peers = peers;
        this.frames = frames;
        this.windowMillis = config.messages().editWindow().toMillis();
        this.historySize = config.history().size();
    }

    /**
     * Edits ({@code text} not null) or deletes a room's message. Whether a user may act in the room (is in it) is the
     * caller's to check.
     *
     * @param room the room's folded name
     * @param text checked already; null for a delete
     * @return the change as kept, or null when the message was deleted already; fails with {@code UNKNOWN_MESSAGE},
     *         {@code NOT_AUTHOR}, {@code EDIT_WINDOW_CLOSED} or {@code UNAVAILABLE}
     */
    public CompletionStage<Kept> inRoom(Sender sender, String room, String messageId, long offset, String text,
            long receivedAt) {
        Change change = change(sender, StreamKey.room(room), messageId, offset, text,
                frames.change(room, changer(sender), null, messageId, offset, text, sender.isBackend()),
                Target.room(room), null, receivedAt);
        return delivery.change(change).thenCompose(changed -> answer(changed, messageId, offset, room, null));
    }

    /**
     * Edits or deletes a user's message in their private conversation with {@code with}: the conversation the user
     * reads (see {@link Peers#conversation}), whose members on every node hear of it.
     *
     * @param loop the user's event loop, where the steps after the cluster's answers run
     */
    public CompletionStage<Kept> inConversation(Sender sender, String with, String messageId, long offset,
            String text, long receivedAt, Executor loop) {
        String from = sender.name();
        CompletionStage<StreamKey> conversation = peers.conversation(from, sender.identity(), with);
        CompletionStage<Route> routed = presence.route(from, with);
        return Stages.then(conversation, loop, stream -> Stages.then(routed, loop, route -> {
            Change change = change(sender, stream, messageId, offset, text,
                    frames.change(null, from, with, messageId, offset, text, false),
                    Target.conversation(from, with), route, receivedAt);
            return delivery.change(change).thenCompose(changed -> answer(changed, messageId, offset, null, with));
        }));
    }

    /**
     * The message an {@code edit} or {@code delete} frame names: its {@code message_id}, with its {@code offset}.
     *
     * @return the id
     */
    public static String requireMessage(InboundMessage message) throws ProtocolException {
        if (message.messageId() == null || message.offset() == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "'message_id' and 'offset' must name the message to " + message.type());
        }
        return message.messageId();
    }

    /**
     * The offset of a room's message by its id, looked for in what the room's history keeps (at most
     * {@code chat.history.size} entries); fails with {@code UNKNOWN_MESSAGE} when it keeps no such message.
     */
    public CompletionStage<Long> findInRoom(String room, String messageId) {
        return history.latest(StreamKey.room(room), historySize).thenCompose(page -> {
            for (Kept kept : page.messages()) {
                if (kept.id().equals(messageId) && kept.frame().startsWith("{\"type\":\"message\",")) {
                    return CompletableFuture.completedFuture(kept.offset());
                }
            }
            return CompletableFuture.failedFuture(unknown(messageId, room, null));
        });
    }

    private Change change(Sender sender, StreamKey stream, String messageId, long offset, String text,
            io.chatservice.history.Draft draft, Target target, Route route, long receivedAt) {
        boolean backend = sender.isBackend();
        return new Change(stream, messageId, offset, backend ? null : sender.identity(),
                text == null ? null : frames.literal(text), System.currentTimeMillis(), backend ? 0 : windowMillis,
                draft, sender.identity(), target, route, receivedAt);
    }

    /** The {@code from_user} of a change: its author, or the service itself for the backend. */
    private static String changer(Sender sender) {
        return sender.isBackend() ? Frames.SERVICE : sender.name();
    }

    private CompletionStage<Kept> answer(Changed changed, String messageId, long offset, String room, String with) {
        ProtocolException refusal = switch (changed.outcome()) {
            case CHANGED, ALREADY_DELETED -> null;
            case UNKNOWN -> unknown(messageId, room, with);
            case DELETED -> about(ErrorCode.UNKNOWN_MESSAGE, "message '" + messageId + "' was deleted", room, with);
            case NOT_AUTHOR -> about(ErrorCode.NOT_AUTHOR, "only its author may edit or delete message '" + messageId
                    + "'", room, with);
            case WINDOW_CLOSED -> about(ErrorCode.EDIT_WINDOW_CLOSED, "message '" + messageId
                    + "' can no longer be edited or deleted: that is possible for " + minutes(windowMillis)
                    + " after it was sent", room, with);
        };
        return refusal == null ? CompletableFuture.completedFuture(changed.kept())
                : CompletableFuture.failedFuture(refusal);
    }

    private static ProtocolException unknown(String messageId, String room, String with) {
        return about(ErrorCode.UNKNOWN_MESSAGE, "no message '" + messageId + "' is kept "
                + (room != null ? "in " + room : "in the conversation with " + with), room, with);
    }

    private static ProtocolException about(ErrorCode code, String reason, String room, String with) {
        return room != null ? ProtocolException.aboutRoom(code, reason, room)
                : ProtocolException.aboutUser(code, reason, with);
    }

    private static String minutes(long millis) {
        long minutes = millis / 60_000;
        return minutes >= 1 && millis % 60_000 == 0 ? minutes + (minutes == 1 ? " minute" : " minutes")
                : millis / 1000 + " seconds";
    }
}
