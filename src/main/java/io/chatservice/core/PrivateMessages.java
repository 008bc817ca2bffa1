package io.chatservice.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import io.chatservice.history.Appended;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.protocol.ChatChannel;

/**
 * Sending a private message, for a user's connection and for the backend alike. It reaches every private connection
 * of the addressee, and of the sender too, on whichever nodes they are. A message to a user who is offline is kept in
 * their mailbox if the name has an owner to keep it for ({@code USER_OFFLINE} otherwise). A conversation is the stream
 * of the two identities that took part ({@link Peers}): a message goes to the one holding the addressee's name now, so
 * a later holder of either name never reads it.
 */
@Singleton
public class PrivateMessages {

    private final Delivery delivery;
    private final Presence presence;
    private final Blocks blocks;
    private final Peers peers;
    private final Friends friends;
    private final Frames frames;
    private final ChatMetrics metrics;
    private final ChatEvents events;

    public PrivateMessages(Delivery delivery, Presence presence, Blocks blocks, Peers peers, Friends friends,
            Frames frames, ChatMetrics metrics, ChatEvents events) {
        this.delivery = delivery;
        this.presence = presence;
        this.blocks = blocks;
        this.peers = peers;
        this.friends = friends;
        this.frames = frames;
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * @param to the addressee's name, checked already
     * @param text checked already
     * @param loop where the steps after each cluster answer run: the sender's event loop
     * @return accepted (or refused: {@code BLOCKED}, {@code USER_OFFLINE}, {@code UNAVAILABLE}) once the cluster
     *         answered who and where the addressee is
     */
    public CompletionStage<Posted> send(Sender sender, String to, String text, String cid, long receivedAt,
            Executor loop) {
        String from = sender.name();
        // Asked together: whether the addressee blocks the sender, who holds the addressee's name now (the message
        // belongs to that identity: a later holder never reads it), and where the addressee is. Decided cluster-wide:
        // offline means no private connection on any live node. A message to an offline user goes to their mailbox,
        // if they have one (Delivery.append refuses it otherwise).
        CompletionStage<Boolean> blocked = sender.isBackend() ? Stages.FALSE : blocks.blocks(to, from);
        CompletionStage<String> addressee = from.equals(to) && !sender.isBackend()
                ? CompletableFuture.completedFuture(sender.identity()) : peers.holder(to);
        CompletionStage<Route> routed = presence.route(from, to);
        return Stages.then(blocked, loop, refused -> {
            if (refused) {
                // Said, not dropped in silence: the sender knows the message went nowhere (see docs/protocol.md).
                throw ProtocolException.aboutUser(ErrorCode.BLOCKED, to + " does not take private messages from you",
                        to);
            }
            return Stages.then(addressee, loop, toId -> Stages.then(routed, loop,
                    route -> CompletableFuture.completedFuture(send(sender, to, toId, text, cid, receivedAt, route))));
        });
    }

    private Posted send(Sender sender, String to, String toId, String text, String cid, long receivedAt, Route route)
            throws ProtocolException {
        if (toId == null) {
            throw ProtocolException.aboutUser(ErrorCode.USER_OFFLINE, to + " is not online", to);
        }
        String from = sender.name();
        StreamKey stream = StreamKey.conversation(from, sender.identity(), to, toId);
        Outgoing outgoing = new Outgoing(stream, frames.draft(null, from, to, text, sender.isBackend()),
                Target.conversation(from, to), route, sender.cidOwner(), cid, route.reachable() ? null : to,
                receivedAt, sender.identity());
        CompletionStage<Appended> appended = delivery.append(outgoing);
        appended.thenAccept(kept -> {
            peers.talked(stream);
            // Whoever the user writes to is no stranger to the user's mailbox from now on. The backend has no
            // mailbox: its names befriend nobody (a user of the same name keeps their own strangers' share).
            if (!sender.isBackend()) {
                friends.wrote(from, to);
            }
        });
        if (route.reachable()) {
            metrics.received(ChatChannel.PRIVATE);
        } else {
            appended.thenAccept(kept -> {
                metrics.received(ChatChannel.PRIVATE); // not if it is refused as offline
                if (kept.queued() && !kept.duplicate()) {
                    events.queued(from, to, kept.kept());
                    // The addressee may have connected while it was being kept (see Delivery.alsoLive).
                    presence.route(from, to).thenAccept(now -> {
                        if (now.reachable()) {
                            delivery.alsoLive(outgoing, kept, now);
                        }
                    });
                }
            });
        }
        return new Posted(appended);
    }
}
