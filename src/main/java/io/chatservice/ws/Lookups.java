package io.chatservice.ws;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.core.Presence;
import io.chatservice.core.Stages;
import io.chatservice.delivery.Replies;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;
import io.chatservice.core.UserLookup;
import io.chatservice.core.UserPresence;

/**
 * The {@code lookup} frame of a private connection: a page of the online users whose names begin with a prefix, the
 * way to find someone without being sent everyone. Answered with {@code users}.
 */
@Singleton
public class Lookups {

    /** Names in a page when the frame asks for no {@code limit}. */
    static final int DEFAULT_LIMIT = 20;

    private final Presence presence;
    private final InputRules rules;
    private final Frames frames;
    private final Replies replies;
    private final int maxLimit;
    private final boolean presencePublic;

    public Lookups(Presence presence, InputRules rules, Frames frames, Replies replies, ChatConfig config) {
        this.presence = presence;
        this.rules = rules;
        this.frames = frames;
        this.replies = replies;
        this.maxLimit = config.presence().listMax();
        this.presencePublic = config.presence().isPublic();
    }

    CompletionStage<Void> lookup(ChatSession session, InboundMessage message) throws ProtocolException {
        if (!presencePublic) {
            throw new ProtocolException(ErrorCode.PRESENCE_PRIVATE, "who is online is not shown on this service");
        }
        String prefix = message.prefix() == null ? ""
                : rules.checkPrefix(InboundParser.PREFIX, message.prefix(), true);
        String after = message.after() == null ? null : rules.checkPrefix(InboundParser.AFTER, message.after(), false);
        long limit = message.limit() == null ? Math.min(DEFAULT_LIMIT, maxLimit) : message.limit();
        if (limit < 1 || limit > maxLimit) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'limit' must be from 1 to " + maxLimit);
        }
        return Stages.then(presence.onlineUsers(new UserLookup(prefix, after, (int) limit)), session.eventLoop(),
                page -> {
                    List<String> names = page.users().stream().map(UserPresence::name).toList();
                    replies.reply(session, frames.users(prefix, names, page.next()));
                    return Stages.DONE;
                });
    }
}
