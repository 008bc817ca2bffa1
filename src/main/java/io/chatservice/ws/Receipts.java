package io.chatservice.ws;

import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.blocks.Blocks;
import io.chatservice.cluster.Presence;
import io.chatservice.cluster.Route;
import io.chatservice.cluster.Stages;
import io.chatservice.delivery.Delivery;
import io.chatservice.delivery.Envelope;
import io.chatservice.delivery.Target;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.FrameType;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;

/**
 * Receipts of private messages: the addressee's client says it has a message ({@code received}) or has shown it
 * ({@code read}), and every private connection of the message's sender, on whichever node, gets a
 * {@code delivered} or {@code read} frame from the addressee, unless the sender blocks the addressee. A receipt is
 * not kept and has no offset of its own:
 * one for a sender who is offline is dropped, and one that cannot reach other nodes reaches this node's connections
 * of the sender only: receipts are hints to a sender's display, which the next receipt repeats.
 */
@Singleton
public class Receipts {

    private final Presence presence;
    private final Delivery delivery;
    private final InputRules rules;
    private final Frames frames;
    private final Blocks blocks;

    public Receipts(Presence presence, Delivery delivery, InputRules rules, Frames frames, Blocks blocks) {
        this.blocks = blocks;
        this.presence = presence;
        this.delivery = delivery;
        this.rules = rules;
        this.frames = frames;
    }

    /** A {@code received} or {@code read} frame from the addressee's connection. */
    CompletionStage<Void> confirm(ChatSession session, InboundMessage message, long receivedAt)
            throws ProtocolException {
        String sender = rules.requireUser(InboundParser.TO_USER, message.toUser(),
                "'to_user' must name the sender of the message the receipt is for");
        if (message.messageId() == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "a receipt needs 'message_id': the id of the message it is for");
        }
        FrameType type = InboundMessage.READ.equals(message.type()) ? FrameType.READ : FrameType.DELIVERED;
        String frame = frames.receipt(type, message.messageId(), message.offset(), session.user(), sender);
        // Best effort: while the cluster cannot say where the sender is, this node's connections of theirs get it.
        CompletionStage<Route> route = presence.route(session.user(), sender).exceptionally(failure -> null);
        // Dropped, as for an offline sender, if the sender blocks this user: a receipt carries any message_id, and a
        // blocked user must not reach the blocker with these either.
        CompletionStage<Boolean> blocked = blocks.blocks(sender, session.user()).exceptionally(failure -> false);
        return Stages.then(blocked, session.eventLoop(), refused -> refused ? Stages.DONE
                : Stages.then(route, session.eventLoop(), found -> send(sender, frame, receivedAt, found)));
    }

    /** @param route where the sender is, or null if the cluster could not say */
    private CompletionStage<Void> send(String sender, String frame, long receivedAt, Route route) {
        if (route == null) {
            delivery.publish(new Envelope(Target.user(sender), frame, receivedAt));
        } else if (route.reachable()) {
            // To the sender's nodes only: the addressee's other tabs are not told.
            delivery.publish(new Envelope(Target.user(sender), frame, receivedAt,
                    new Route(route.toNodes(), Set.of())));
        }
        return Stages.DONE;
    }
}
