package io.chatservice.ws;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.core.Blocks;
import io.chatservice.core.Stages;
import io.chatservice.delivery.Replies;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;

/**
 * The {@code block} and {@code unblock} frames of a private connection: its user refuses a name's private messages
 * from now on, or takes that back ({@link Blocks}), answered with {@code blocked} or {@code unblocked}.
 */
@Singleton
public class Blocking {

    private final Blocks blocks;
    private final InputRules rules;
    private final Frames frames;
    private final Replies replies;

    public Blocking(Blocks blocks, InputRules rules, Frames frames, Replies replies) {
        this.blocks = blocks;
        this.rules = rules;
        this.frames = frames;
        this.replies = replies;
    }

    CompletionStage<Void> block(ChatSession session, InboundMessage message) throws ProtocolException {
        String name = named(message);
        if (name.equals(session.user())) {
            throw ProtocolException.aboutUser(ErrorCode.INVALID_FIELD, "you cannot block yourself", name);
        }
        return Stages.then(blocks.add(session.user(), name), session.eventLoop(), done -> {
            replies.reply(session, frames.blocked(name));
            return Stages.DONE;
        });
    }

    CompletionStage<Void> unblock(ChatSession session, InboundMessage message) throws ProtocolException {
        String name = named(message);
        return Stages.then(blocks.remove(session.user(), name), session.eventLoop(), done -> {
            replies.reply(session, frames.unblocked(name));
            return Stages.DONE;
        });
    }

    private String named(InboundMessage message) throws ProtocolException {
        if (message.user() == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "'" + message.type() + "' needs 'user': the name to " + message.type());
        }
        return rules.requireUser(InboundParser.USER, message.user(), "'user' must not be empty");
    }
}
