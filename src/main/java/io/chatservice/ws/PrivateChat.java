package io.chatservice.ws;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.blocks.Blocks;
import io.chatservice.cluster.Presence;
import io.chatservice.cluster.Route;
import io.chatservice.cluster.Scope;
import io.chatservice.cluster.Stages;
import io.chatservice.config.ChatConfig;
import io.chatservice.delivery.Catchups;
import io.chatservice.delivery.Delivery;
import io.chatservice.delivery.Envelope;
import io.chatservice.delivery.Target;
import io.chatservice.history.Appended;
import io.chatservice.history.HistoryReads;
import io.chatservice.history.Outgoing;
import io.chatservice.history.Page;
import io.chatservice.history.Position;
import io.chatservice.history.StreamKey;
import io.chatservice.identity.Peers;
import io.chatservice.mailbox.Friends;
import io.chatservice.mailbox.MailboxHandOver;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.MemberPage;

/**
 * What a private-chat connection does: it sends one-to-one messages. A message reaches every private connection of
 * the addressee, and every private connection of the sender too, so that all of the sender's tabs show the
 * conversation, on whichever nodes they are. A message to a user who is offline is kept in their mailbox if the name
 * has an owner to keep it for, and handed to their next private connection. A conversation is the stream of the two
 * identities that took part ({@link Peers}): a message goes to the one holding the addressee's name now, so a later
 * holder of either name never reads it. The private channel announces who comes online and goes offline on it;
 * receipts go from an addressee to a message's sender ({@link Receipts}). A user may block a name's private messages
 * ({@link Blocking}).
 */
@Singleton
public class PrivateChat implements ChatHandler {

    static final Set<String> FIELDS = Set.of(InboundParser.TYPE, InboundParser.FROM_USER, InboundParser.TO_USER,
            InboundParser.INFO, InboundParser.CID, InboundParser.WITH_USER, InboundParser.EPOCH, InboundParser.OFFSET,
            InboundParser.BEFORE, InboundParser.LIMIT, InboundParser.MESSAGE_ID, InboundParser.USER);

    private final Replies replies;
    private final ConnectionRegistry registry;
    private final Presence presence;
    private final Delivery delivery;
    private final InputRules rules;
    private final Frames frames;
    private final ChatMetrics metrics;
    private final HistoryReads history;
    private final Catchups catchups;
    private final ChatConfig.History historyConfig;
    private final MailboxHandOver mailbox;
    private final Receipts receipts;
    /** {@code chat.presence.public}: whether the private channel tells its users who else is on it. */
    private final boolean presencePublic;
    private final int listMax;
    private final Blocking blocking;
    private final Blocks blocks;
    private final Friends friends;
    private final Peers peers;

    public PrivateChat(Replies replies, ConnectionRegistry registry, Presence presence, Delivery delivery,
            InputRules rules, Frames frames, ChatMetrics metrics, HistoryReads history,
            Catchups catchups, MailboxHandOver mailbox, Receipts receipts, Blocking blocking, Blocks blocks,
            Friends friends, Peers peers, ChatConfig config) {
        this.blocking = blocking;
        this.blocks = blocks;
        this.friends = friends;
        this.peers = peers;
        this.history = history;
        this.catchups = catchups;
        this.mailbox = mailbox;
        this.receipts = receipts;
        this.historyConfig = config.history();
        this.presencePublic = config.presence().isPublic();
        this.listMax = config.presence().listMax();
        this.replies = replies;
        this.registry = registry;
        this.presence = presence;
        this.delivery = delivery;
        this.rules = rules;
        this.frames = frames;
        this.metrics = metrics;
    }

    @Override
    public ChatChannel channel() {
        return ChatChannel.PRIVATE;
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }

    /**
     * Enters the private channel, then: the presence frame, the join notice, and the user's mailbox (the private
     * messages kept while they were offline). Live messages wait until the mailbox is sent ({@link MailboxHandOver}).
     * When presence is not public, the presence frame names the user alone and nobody hears them join: the channel's
     * members are not even read.
     */
    @Override
    public CompletionStage<Void> opened(ChatSession session) {
        catchups.hold(session);
        boolean[] handedOver = new boolean[1];
        CompletionStage<Boolean> first = Stages.FALSE;
        if (registry.joinPrivate(session)) {
            delivery.joinedPrivate(session.user()); // before presence routes anything here
            first = presence.entered(Scope.PRIVATE_CHANNEL, session.user());
        }
        CompletionStage<Void> opened = Stages.then(first, session.eventLoop(),
                isFirst -> Stages.then(visibleMembers(session), session.eventLoop(), users -> {
                    replies.reply(session, frames.presence(null, users));
                    if (isFirst && presencePublic) {
                        delivery.publish(new Envelope(Target.watchers(session.user()), frames.join(null, session.user())));
                    }
                    handedOver[0] = true;
                    return mailbox.handOver(session);
                }));
        if (!Stages.succeeded(opened)) {
            opened.whenComplete((done, failure) -> {
                if (failure != null && !handedOver[0]) {
                    session.eventLoop().execute(() -> catchups.abandon(session));
                }
            });
        }
        return opened;
    }

    private CompletionStage<List<String>> visibleMembers(ChatSession session) {
        return presencePublic ? presence.members(Scope.PRIVATE_CHANNEL, null, listMax).thenApply(MemberPage::users)
                : CompletableFuture.completedFuture(List.of(session.user()));
    }

    @Override
    public CompletionStage<Void> handle(ChatSession session, InboundMessage message, long receivedAt)
            throws ProtocolException {
        return switch (message.typeOrDefault()) {
            case InboundMessage.MESSAGE -> send(session, message, receivedAt);
            case InboundMessage.HISTORY -> history(session, message);
            case InboundMessage.RECEIVED, InboundMessage.READ -> receipts.confirm(session, message, receivedAt);
            case InboundMessage.BLOCK -> blocking.block(session, message);
            case InboundMessage.UNBLOCK -> blocking.unblock(session, message);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type must be 'message', 'history', "
                    + "'received', 'read', 'block', 'unblock', 'claim' or 'release' on a private connection");
        };
    }

    @Override
    public void closed(ChatSession session) {
        if (registry.leavePrivate(session)) {
            delivery.leftPrivate(session.user());
            String frame = presencePublic ? frames.leave(null, session.user()) : null;
            presence.left(Scope.PRIVATE_CHANNEL, session.user()).thenAccept(last -> {
                if (last && frame != null) {
                    delivery.publish(new Envelope(Target.watchers(session.user()), frame));
                }
            });
        }
    }

    private CompletionStage<Void> send(ChatSession session, InboundMessage message, long receivedAt)
            throws ProtocolException {
        String to = rules.requireUser(InboundParser.TO_USER, message.toUser(), "'to_user' must name the addressee");
        String text = rules.requireText(message.info());
        String from = session.user();
        // Asked together: whether the addressee blocks the sender, who holds the addressee's name now (the message
        // belongs to that identity: a later holder never reads it), and where the addressee is. Decided cluster-wide:
        // offline means no private connection on any live node. A message to an offline user goes to their mailbox,
        // if they have one (Delivery.append refuses it otherwise).
        CompletionStage<Boolean> blocked = blocks.blocks(to, from);
        CompletionStage<String> addressee = from.equals(to)
                ? CompletableFuture.completedFuture(session.identity()) : peers.holder(to);
        CompletionStage<Route> routed = presence.route(from, to);
        return Stages.then(blocked, session.eventLoop(), refused -> {
            if (refused) {
                // Said, not dropped in silence: the sender knows the message went nowhere (see docs/protocol.md).
                throw ProtocolException.aboutUser(ErrorCode.BLOCKED, to + " does not take private messages from you",
                        to);
            }
            return Stages.then(addressee, session.eventLoop(), toId -> Stages.then(routed, session.eventLoop(),
                    route -> send(session, message, receivedAt, to, toId, text, route)));
        });
    }

    private CompletionStage<Void> send(ChatSession session, InboundMessage message, long receivedAt, String to,
            String toId, String text, Route route) throws ProtocolException {
        if (toId == null) {
            throw ProtocolException.aboutUser(ErrorCode.USER_OFFLINE, to + " is not online", to);
        }
        String from = session.user();
        StreamKey stream = StreamKey.conversation(from, session.identity(), to, toId);
        Outgoing outgoing = new Outgoing(stream, frames.draft(null, from, to, text), Target.conversation(from, to),
                route, from, message.cid(), route.reachable() ? null : to, receivedAt);
        CompletionStage<Appended> appended = delivery.append(outgoing);
        appended.thenAccept(kept -> {
            peers.talked(stream);
            // Whoever the user writes to is no stranger to the user's mailbox from now on.
            friends.wrote(from, to);
        });
        if (route.reachable()) {
            metrics.received(ChatChannel.PRIVATE);
        } else {
            appended.thenAccept(kept -> {
                metrics.received(ChatChannel.PRIVATE); // not if it is refused as offline
                if (kept.queued() && !kept.duplicate()) {
                    // The addressee may have connected while it was being kept (see Delivery.alsoLive).
                    presence.route(from, to).thenAccept(now -> {
                        if (now.reachable()) {
                            delivery.alsoLive(outgoing, kept, now);
                        }
                    });
                }
            });
        }
        replies.acknowledge(session, message.cid(), appended, null, to);
        return Stages.DONE;
    }

    /**
     * A conversation's history, on the connection of one of its users only: what the client missed since its
     * position (a recovery: nothing live in between, nothing twice), or a page back from {@code before}, or the
     * newest messages.
     */
    private CompletionStage<Void> history(ChatSession session, InboundMessage message) throws ProtocolException {
        String with = rules.requireUser(InboundParser.WITH_USER, message.withUser(),
                "'with_user' must name the other user of the conversation");
        Position seen = Positions.of(message);
        if (seen != null && (message.before() != null || message.limit() != null)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "a recovery ('epoch' and 'offset') takes no 'before' or 'limit'");
        }
        int limit = seen != null ? 0 : limit(message.limit());
        if (seen != null) {
            catchups.hold(session); // before anything of the conversation can reach the connection live
        }
        CompletionStage<StreamKey> conversation = peers.conversation(session.user(), session.identity(), with);
        CompletionStage<Void> answered = Stages.then(conversation, session.eventLoop(),
                stream -> seen != null ? recover(session, with, stream, seen) : page(session, with, stream, message,
                        limit));
        if (seen != null && !Stages.succeeded(answered)) {
            answered.whenComplete((done, failure) -> {
                if (failure != null) {
                    session.eventLoop().execute(() -> catchups.abandon(session));
                }
            });
        }
        return answered;
    }

    /** What the client missed since its position: nothing live in between, nothing twice. */
    private CompletionStage<Void> recover(ChatSession session, String with, StreamKey stream, Position seen) {
        return Stages.then(history.after(stream, seen, historyConfig.maxRecovery()), session.eventLoop(), page -> {
            catchups.finish(session, stream, page.latest(), frames.historyRun(null, with, page, page.recovered()));
            return Stages.DONE;
        });
    }

    /** A page back from {@code before}, or the newest messages. */
    private CompletionStage<Void> page(ChatSession session, String with, StreamKey stream, InboundMessage message,
            int limit) {
        CompletionStage<Page> page = message.before() == null ? history.latest(stream, limit)
                : history.before(stream, message.before(), limit);
        return Stages.then(page, session.eventLoop(), found -> {
            frames.historyRun(null, with, found, null).forEach(frame -> replies.reply(session, frame));
            return Stages.DONE;
        });
    }

    private int limit(Long asked) throws ProtocolException {
        if (asked == null) {
            return Math.min(historyConfig.onJoin() > 0 ? historyConfig.onJoin() : 50, historyConfig.maxPage());
        }
        if (asked < 1 || asked > historyConfig.maxPage()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "'limit' must be from 1 to " + historyConfig.maxPage());
        }
        return asked.intValue();
    }
}
