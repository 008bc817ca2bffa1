package io.chatservice.ws;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.core.MessageChanges;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.HistoryReads;
import io.chatservice.core.Peers;
import io.chatservice.core.Presence;
import io.chatservice.core.PrivateMessages;
import io.chatservice.core.Scope;
import io.chatservice.core.Sender;
import io.chatservice.core.Stages;
import io.chatservice.core.Target;
import io.chatservice.delivery.Catchups;
import io.chatservice.delivery.Replies;
import io.chatservice.history.Page;
import io.chatservice.history.Position;
import io.chatservice.core.StreamKey;
import io.chatservice.mailbox.MailboxHandOver;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;

/**
 * What a private-chat connection does: it sends one-to-one messages. A message reaches every private connection of
 * the addressee, and every private connection of the sender too, so that all of the sender's tabs show the
 * conversation, on whichever nodes they are. A message to a user who is offline is kept in their mailbox if the name
 * has an owner to keep it for, and handed to their next private connection. A conversation is the stream of the two
 * identities that took part ({@link Peers}): a message goes to the one holding the addressee's name now, so a later
 * holder of either name never reads it. A connection hears who comes online and goes offline among the names it
 * watches ({@link Watching}), and finds online users by prefix ({@link Lookups}); receipts go from an addressee to a
 * message's sender ({@link Receipts}). A user may block a name's private messages ({@link Blocking}).
 */
@Singleton
public class PrivateChat implements ChatHandler {

    static final Set<String> FIELDS = Set.of(InboundParser.TYPE, InboundParser.FROM_USER, InboundParser.TO_USER,
            InboundParser.INFO, InboundParser.CID, InboundParser.WITH_USER, InboundParser.EPOCH, InboundParser.OFFSET,
            InboundParser.BEFORE, InboundParser.LIMIT, InboundParser.MESSAGE_ID, InboundParser.USER,
            InboundParser.USERS, InboundParser.MODE, InboundParser.PREFIX, InboundParser.AFTER);

    private final Replies replies;
    private final ConnectionRegistry registry;
    private final Presence presence;
    private final Delivery delivery;
    private final InputRules rules;
    private final Frames frames;
    private final HistoryReads history;
    private final Catchups catchups;
    private final ChatConfig.History historyConfig;
    private final MailboxHandOver mailbox;
    private final Receipts receipts;
    /** {@code chat.presence.public}: whether anyone may watch a user come and go. */
    private final boolean presencePublic;
    private final Watching watching;
    private final Lookups lookups;
    private final Blocking blocking;
    private final Peers peers;
    private final FrameTable table;
    private final PrivateMessages messages;
    private final MessageChanges changes;

    public PrivateChat(Replies replies, ConnectionRegistry registry, Presence presence, Delivery delivery,
            InputRules rules, Frames frames, HistoryReads history,
            Catchups catchups, MailboxHandOver mailbox, Receipts receipts, Blocking blocking,
            Peers peers, Watching watching, Lookups lookups, ChatConfig config, PrivateMessages messages,
            TypingNotices typing,
            MessageChanges changes) {
        this.messages = messages;
        this.changes = changes;
        this.watching = watching;
        this.lookups = lookups;
        this.blocking = blocking;
        this.peers = peers;
        this.history = history;
        this.catchups = catchups;
        this.mailbox = mailbox;
        this.receipts = receipts;
        this.historyConfig = config.history();
        this.presencePublic = config.presence().isPublic();
        this.replies = replies;
        this.registry = registry;
        this.presence = presence;
        this.delivery = delivery;
        this.rules = rules;
        this.frames = frames;
        this.table = FrameTable.of("private")
                .on(InboundMessage.MESSAGE, this::send)
                .on(InboundMessage.HISTORY, (session, message, receivedAt) -> history(session, message))
                .on(InboundMessage.RECEIVED, receipts::confirm)
                .on(InboundMessage.READ, receipts::confirm)
                .on(InboundMessage.BLOCK, (session, message, receivedAt) -> blocking.block(session, message))
                .on(InboundMessage.UNBLOCK, (session, message, receivedAt) -> blocking.unblock(session, message))
                .on(InboundMessage.WATCH, (session, message, receivedAt) -> watching.watch(session, message))
                .on(InboundMessage.LOOKUP, (session, message, receivedAt) -> lookups.lookup(session, message))
                .on(InboundMessage.TYPING, typing::toUser)
                .on(InboundMessage.EDIT, (session, message, receivedAt) -> change(session, message, true, receivedAt))
                .on(InboundMessage.DELETE, (session, message, receivedAt) -> change(session, message, false,
                        receivedAt))
                .build();
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
     * Enters the private channel, then: the presence frame, which names the user alone (the channel's members are never
     * read: a connection asks about whom it wants to know), the join notice to those who watch the user, and the
     * user's mailbox (the private messages kept while they were offline). Live messages wait until the mailbox is sent
     * ({@link MailboxHandOver}). When presence is not public nobody can watch, so nothing is published.
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
                isFirst -> {
                    replies.reply(session, frames.presence(null, List.of(session.user())));
                    if (isFirst && presencePublic) {
                        delivery.publish(new Envelope(Target.watchers(session.user()), frames.join(null, session.user())));
                    }
                    handedOver[0] = true;
                    return mailbox.handOver(session);
                });
        if (!Stages.succeeded(opened)) {
            opened.whenComplete((done, failure) -> {
                if (failure != null && !handedOver[0]) {
                    session.eventLoop().execute(() -> catchups.abandon(session));
                }
            });
        }
        return opened;
    }

    @Override
    public FrameTable table() {
        return table;
    }

    @Override
    public void closed(ChatSession session) {
        registry.unwatchAll(session);
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
        return Stages.then(messages.send(Sender.user(session.user(), session.identity()), to, text, message.cid(),
                receivedAt, session.eventLoop()), session.eventLoop(), posted -> {
                    replies.acknowledge(session, message.cid(), posted.appended(), null, to);
                    return Stages.DONE;
                });
    }

    /**
     * An {@code edit} or {@code delete} of one of the user's own messages in the conversation with {@code with_user};
     * its {@code cid} is answered {@code done} once the change is kept and published.
     */
    private CompletionStage<Void> change(ChatSession session, InboundMessage message, boolean edit, long receivedAt)
            throws ProtocolException {
        String with = rules.requireUser(InboundParser.WITH_USER, message.withUser(),
                "'with_user' must name the other user of the conversation");
        String id = MessageChanges.requireMessage(message);
        String text = edit ? rules.requireText(message.info()) : null;
        return changes.inConversation(Sender.user(session.user(), session.identity()), with, id, message.offset(),
                text, receivedAt, session.eventLoop()).thenApply(kept -> null);
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
