package io.chatservice.ws;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.core.Blocks;
import io.chatservice.core.Stages;
import io.chatservice.config.ChatConfig;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Target;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.NameForms;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;

/**
 * The {@code typing} frame: its user is typing in a room (group connection) or to someone (private connection). The
 * others' connections that asked for typing notices ({@code ?typing=true}) get a {@code typing} frame from the user, on
 * every node; the typist's own connections do not. A notice is a hint: it is never kept or acknowledged, at most one
 * per connection and target goes out per {@code chat.typing.interval} (the others are dropped without a word), one
 * to someone offline reaches nobody, and one to a user who blocks the typist is dropped, as is one the cluster
 * cannot carry now. It counts against the connection's frame rate as any frame.
 */
@Singleton
public class TypingNotices {

    private final Delivery delivery;
    private final Blocks blocks;
    private final InputRules rules;
    private final Frames frames;
    private final long intervalNanos;

    public TypingNotices(Delivery delivery, Blocks blocks, InputRules rules, Frames frames, ChatConfig config) {
        this.delivery = delivery;
        this.blocks = blocks;
        this.rules = rules;
        this.frames = frames;
        this.intervalNanos = config.typing().interval().toNanos();
    }

    /** A group connection types in one of its rooms. */
    CompletionStage<Void> inRoom(ChatSession session, InboundMessage message, long receivedAt)
            throws ProtocolException {
        String named = message.room();
        if (named == null) {
            throw new ProtocolException(ErrorCode.INVALID_ROOM, "'room' is required: the room the user types in");
        }
        String room = session.inRoom(named) ? named : NameForms.fold(named); // "Dev" is the room dev
        if (!session.inRoom(room)) {
            try {
                rules.checkRoom(named);
            } catch (ProtocolException e) {
                throw ProtocolException.aboutRoom(e.code(), e.reason(), named);
            }
            throw ProtocolException.aboutRoom(ErrorCode.NOT_IN_ROOM, "not in room '" + named + "'; join it first",
                    named);
        }
        if (session.typingMarks().take("r:" + room, receivedAt, intervalNanos)) {
            publish(new Envelope(Target.roomTyping(room, session.user()), frames.typing(room, null, session.user()),
                    receivedAt));
        }
        return Stages.DONE;
    }

    /**
     * A private connection types to someone. The block is asked before the connection's next frame is handled, so
     * that a notice never comes after the message the user then sends, on this node.
     */
    CompletionStage<Void> toUser(ChatSession session, InboundMessage message, long receivedAt)
            throws ProtocolException {
        String to = rules.requireUser(InboundParser.TO_USER, message.toUser(),
                "'to_user' must name whom the user types to");
        String me = session.user();
        if (to.equals(me) || !session.typingMarks().take("u:" + to, receivedAt, intervalNanos)) {
            return Stages.DONE;
        }
        String frame = frames.typing(null, to, me);
        // While the cluster cannot say whether the addressee blocks the typist, the notice is dropped.
        CompletionStage<Boolean> blocked = blocks.blocks(to, me).exceptionally(failure -> true);
        return Stages.then(blocked, session.eventLoop(), refused -> {
            if (!refused) {
                publish(new Envelope(Target.userTyping(to, me), frame, receivedAt));
            }
            return Stages.DONE;
        });
    }

    /** Not waited for: a notice the other nodes miss is a hint lost, which the next one repeats. */
    private void publish(Envelope envelope) {
        delivery.publish(envelope).exceptionally(failure -> null);
    }
}
