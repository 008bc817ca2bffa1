package io.chatservice.ws;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.core.Blocks;
import io.chatservice.core.Presence;
import io.chatservice.core.Route;
import io.chatservice.core.Stages;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Target;
import io.chatservice.core.HistoryReads;
import io.chatservice.history.Kept;
import io.chatservice.history.Revision;
import io.chatservice.core.Peers;
import io.chatservice.core.Peers;
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
 * {@code delivered} or {@code read} frame from the addressee, unless the sender blocks the addressee. A receipt is for a message its confirmer received: the
 * message at its {@code offset} in the confirmer's conversation with {@code to_user} (the one {@link Peers} finds)
 * must have its {@code message_id} and have been sent by {@code to_user} to the confirmer, or the receipt is refused
 * with {@code UNKNOWN_MESSAGE}: nobody confirms what was said between others, or to an earlier holder of their name.
 * A receipt is not kept and has no offset of its own: one for a sender who is offline is dropped, and one that
 * cannot reach other nodes reaches this node's connections of the sender only: receipts are hints to a sender's
 * display, which the next receipt repeats.
 */
@Singleton
public class Receipts {

    private static final String MESSAGE = "message";

    private final Presence presence;
    private final Delivery delivery;
    private final InputRules rules;
    private final Frames frames;
    private final Peers peers;
    private final HistoryReads history;
    private final JsonFactory json;
    private final Blocks blocks;

    public Receipts(Presence presence, Delivery delivery, InputRules rules, Frames frames, Peers peers,
            HistoryReads history, ObjectMapper mapper, Blocks blocks) {
        this.blocks = blocks;
        this.presence = presence;
        this.delivery = delivery;
        this.rules = rules;
        this.frames = frames;
        this.peers = peers;
        this.history = history;
        this.json = mapper.getFactory();
    }

    /** A {@code received} or {@code read} frame from the addressee's connection. */
    CompletionStage<Void> confirm(ChatSession session, InboundMessage message, long receivedAt)
            throws ProtocolException {
        String sender = rules.requireUser(InboundParser.TO_USER, message.toUser(),
                "'to_user' must name the sender of the message the receipt is for");
        String id = message.messageId();
        if (id == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "a receipt needs 'message_id': the id of the message it is for");
        }
        Long offset = message.offset();
        if (offset == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "a receipt needs 'offset': the offset of the message it is for in the conversation");
        }
        String me = session.user();
        FrameType type = InboundMessage.READ.equals(message.type()) ? FrameType.READ : FrameType.DELIVERED;
        // Dropped, as for an offline sender, if the sender blocks this user: a blocked user does not reach the
        // blocker with receipts either.
        CompletionStage<Boolean> blocked = blocks.blocks(sender, me).exceptionally(failure -> false);
        CompletionStage<Kept> found = peers.conversation(me, session.identity(), sender)
                .thenCompose(conversation -> history.at(conversation, offset));
        return Stages.then(found, session.eventLoop(), kept -> {
            // An edit or a delete kept in the conversation is no message to confirm.
            if (kept == null || !kept.id().equals(id) || !MESSAGE.equals(Revision.typeOf(kept.frame()))
                    || !sentBy(kept.frame(), sender, me)) {
                throw ProtocolException.aboutUser(ErrorCode.UNKNOWN_MESSAGE, "no message '" + id + "' at offset "
                        + offset + " that " + sender + " sent you is kept in your conversation", sender);
            }
            String frame = frames.receipt(type, id, offset, me, sender);
            // Best effort: while the cluster cannot say where the sender is, this node's connections of theirs get
            // it.
            CompletionStage<Route> route = presence.route(me, sender).exceptionally(failure -> null);
            return Stages.then(blocked, session.eventLoop(), refused -> refused ? Stages.DONE
                    : Stages.then(route, session.eventLoop(), where -> {
                if (where == null) {
                    delivery.publish(new Envelope(Target.user(sender), frame, receivedAt));
                } else if (where.reachable()) {
                    // To the sender's nodes only: the addressee's other tabs are not told.
                    delivery.publish(new Envelope(Target.user(sender), frame, receivedAt,
                            new Route(where.toNodes(), Set.of())));
                }
                return Stages.DONE;
            }));
        });
    }

    /** Whether a kept private message frame went from {@code from} to {@code to}. */
    private boolean sentBy(String frame, String from, String to) {
        String fromUser = null;
        String toUser = null;
        try (JsonParser parser = json.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (InboundParser.FROM_USER.equals(field) && value == JsonToken.VALUE_STRING) {
                    fromUser = parser.getText();
                } else if (InboundParser.TO_USER.equals(field) && value == JsonToken.VALUE_STRING) {
                    toUser = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return false; // a kept frame is the service's own JSON: not expected
        }
        return from.equals(fromUser) && to.equals(toUser);
    }
}
