package io.chatservice.cluster.redis;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.core.Stages;
import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.history.Kept;
import io.chatservice.core.StreamKey;
import io.chatservice.mailbox.Letter;
import io.chatservice.mailbox.Mail;
import io.chatservice.mailbox.MailboxLimits;
import io.chatservice.mailbox.Mailboxes;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Offline users' mailboxes over the cluster ({@code chat.broker=redis}): an index in the user's slot and the letters
 * in each conversation's, laid out and kept consistent as {@link MailboxScripts} says, so that it is correct on a
 * single server and on a Redis Cluster alike. A mailbox lives {@code chat.identity.claim-ttl} after its last
 * message in {@code names} mode (its owner's claim ends sooner if not renewed, and a new holder never sees it), and
 * {@code chat.offline.retention} in {@code jwt} mode. Strangers, senders the owner never wrote to
 * ({@link RedisFriends}), fill a share of it only ({@link MailboxLimits}), counted in the index by the same script
 * that reserves a place.
 * <p>
 * <b>A message and a connection at the same moment.</b> The sender's node routes the message (the addressee is
 * offline), reserves its place and keeps it; the addressee's node enters presence, then opens the mailbox. An open
 * that read the index before the letter was kept leaves the letter for the next connection, so the sender's node asks
 * for the route again once the message is kept, and if the addressee is online by then, sends it to their nodes
 * live as well ({@link RedisDelivery#alsoLive}). As the addressee enters presence before it opens its mailbox, and the
 * sender asks after the letter is kept, one of them always sees the other: the message comes from the mailbox, or
 * live, or both, and then the connection drops the second by its offset. Nothing accepted is lost: a live copy that
 * pub/sub loses is still in the mailbox for the next connection; the cost is that a connection that had the message
 * live only gets it again, marked as history with the same id and offset, from the mailbox on the next connection.
 */
@Singleton
@Typed(RedisMailboxes.class)
public class RedisMailboxes implements Mailboxes {

    private final StateConnection state;
    private final String mode;
    private final int maxMessages;
    private final MailboxLimits limits;
    private final long ttlMillis;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public RedisMailboxes(StateConnection state, ChatConfig config) {
        this(state, config.identity().mode(), MailboxLimits.from(config.offline()), ownerTtlMillis(config));
    }

    public RedisMailboxes(StateConnection state, IdentityMode mode, MailboxLimits limits, long ttlMillis) {
        this.state = state;
        this.mode = mode(mode);
        this.maxMessages = limits.maxMessages();
        this.limits = limits;
        this.ttlMillis = ttlMillis;
    }

    /**
     * How long what belongs to a name's owner lasts in Redis after its last use: {@code chat.identity.claim-ttl} in
     * {@code names} mode (a claim ends sooner if not renewed, and a new holder never sees it), and
     * {@code chat.offline.retention} in {@code jwt} mode.
     */
    static long ownerTtlMillis(ChatConfig config) {
        return config.identity().mode() == IdentityMode.JWT ? config.offline().retention().toMillis()
                : config.identity().claimTtl().toMillis();
    }

    /** The mode as the scripts take it. */
    static String mode(IdentityMode mode) {
        return mode == IdentityMode.JWT ? "jwt" : "names";
    }

    /** How long a mailbox and its letters are kept after the last message, in milliseconds. */
    long ttlMillis() {
        return ttlMillis;
    }

    /**
     * A message's place in a mailbox, which its letter carries.
     *
     * @param box the mailbox's id
     * @param number its place among the mailbox's letters, which orders those of different conversations
     * @param stranger whether it counts against the strangers' share
     */
    public record Place(String box, long number, boolean stranger) {
    }

    /**
     * A place in the user's mailbox for a message from {@code peer}, before the message is appended with its letter.
     *
     * @param peer the sender, as {@link StreamKey#party} writes them
     * @param identity the user's identity the message's conversation is with: kept only if the name's owner is it
     * @return fails with {@code USER_OFFLINE} if the name has no owner to keep it for, {@code MAILBOX_FULL} at
     *         {@code chat.offline.max-messages} or for a stranger past their share, {@code UNAVAILABLE}
     */
    public CompletionStage<Place> reserve(String user, String peer, String identity) {
        String fresh = HexFormat.of().formatHex(bytes());
        return state.eval(MailboxScripts.RESERVE, MailboxScripts.userPrefix(user), mode, maxMessages, ttlMillis, peer,
                fresh, limits.maxFromStranger(), limits.strangerPlaces(), identity, user)
                .thenCompose(answer -> switch (answer.get(0).toInteger()) {
                    case 1 -> CompletableFuture.completedFuture(new Place(answer.get(1).toString(),
                            answer.get(2).toLong(), answer.get(3).toInteger() == 1));
                    case -1 -> CompletableFuture.failedFuture(ProtocolException.aboutUser(ErrorCode.MAILBOX_FULL,
                            user + " is offline and has " + maxMessages + " messages waiting already", user));
                    // The same code as a full mailbox: a stranger learns no more about the owner than before.
                    case -2 -> CompletableFuture.failedFuture(ProtocolException.aboutUser(ErrorCode.MAILBOX_FULL,
                            user + "'s mailbox takes no more messages from you now", user));
                    default -> CompletableFuture.failedFuture(
                            ProtocolException.aboutUser(ErrorCode.USER_OFFLINE, user + " is not online", user));
                });
    }

    /**
     * A reservation that kept nothing after all (a resend of a message kept before) gives its place back.
     *
     * @param peer as {@link #reserve} was given it
     */
    public CompletionStage<Void> giveBack(String user, String peer, Place place) {
        return state.eval(MailboxScripts.SETTLE, MailboxScripts.userPrefix(user), place.box(), peer, 1,
                place.stranger() ? 1 : 0).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Mail> open(String user, String identity) {
        String self = StreamKey.party(user, identity);
        return state.eval(MailboxScripts.OPEN, MailboxScripts.userPrefix(user), mode, ttlMillis, user)
                .thenCompose(answer -> {
                String box = answer.get(0).toString();
                if (box.isEmpty() || answer.size() == 1) {
                    return CompletableFuture.completedFuture(Mail.EMPTY);
                }
                List<CompletableFuture<List<Entry>>> reads = new ArrayList<>(answer.size() - 1);
                for (int i = 1; i < answer.size(); i++) {
                    StreamKey conversation = StreamKey.ofParties(answer.get(i).toString(), self);
                    reads.add(state.send(Request.cmd(Command.XRANGE).arg(MailboxScripts.letters(conversation, user))
                            .arg("-").arg("+").arg("COUNT").arg(maxMessages))
                            .thenApply(entries -> entries(conversation, box, entries)).toCompletableFuture());
                }
                return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(all -> {
                    List<List<Entry>> conversations = new ArrayList<>(reads.size());
                    reads.forEach(read -> conversations.add(read.join()));
                    return new Mail(box, merged(conversations, maxMessages));
                });
            });
    }

    /**
     * Each conversation's letters in the order kept (their offsets'), interleaved by their places in the mailbox: a
     * message reserved its place before it got its offset, so two sent at once may hold places in the other order.
     */
    static List<Letter> merged(List<List<Entry>> conversations, int most) {
        PriorityQueue<int[]> heads = new PriorityQueue<>(Comparator.comparingLong(
                (int[] head) -> conversations.get(head[0]).get(head[1]).place()));
        for (int i = 0; i < conversations.size(); i++) {
            if (!conversations.get(i).isEmpty()) {
                heads.add(new int[] { i, 0 });
            }
        }
        List<Letter> mail = new ArrayList<>();
        while (!heads.isEmpty() && mail.size() < most) {
            int[] head = heads.poll();
            List<Entry> conversation = conversations.get(head[0]);
            mail.add(conversation.get(head[1]).letter());
            if (head[1] + 1 < conversation.size()) {
                heads.add(new int[] { head[0], head[1] + 1 });
            }
        }
        return mail;
    }

    @Override
    public CompletionStage<Void> delivered(String user, Mail mail) {
        Map<StreamKey, String> newest = new LinkedHashMap<>();
        for (Letter letter : mail.letters()) {
            newest.put(letter.stream(), letter.entry()); // a conversation's letters come in the order kept
        }
        List<CompletableFuture<Void>> taken = new ArrayList<>(newest.size());
        newest.forEach((conversation, entry) -> taken.add(state.eval(MailboxScripts.TAKE,
                HistoryScripts.prefix(conversation), user, mail.box(), entry).thenCompose(mine -> {
                    int count = mine.toInteger();
                    return count == 0 ? Stages.DONE
                            : state.eval(MailboxScripts.SETTLE, MailboxScripts.userPrefix(user), mail.box(),
                                    conversation.otherParty(user), count, "").thenApply(r -> (Void) null);
                }).toCompletableFuture()));
        return CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new));
    }

    private byte[] bytes() {
        byte[] id = new byte[8];
        random.nextBytes(id);
        return id;
    }

    /** The letters of the mailbox id among a conversation's entries: {@code [id, [b, box, q, place, o, offset, …]]}. */
    private static List<Entry> entries(StreamKey conversation, String box, Response entries) {
        List<Entry> mine = new ArrayList<>(entries.size());
        for (Response entry : entries) {
            Response fields = entry.get(1);
            Map<String, String> values = new LinkedHashMap<>(8);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                values.put(fields.get(i).toString(), fields.get(i + 1).toString());
            }
            if (box.equals(values.get("b"))) {
                String id = entry.get(0).toString();
                Kept kept = new Kept(Long.parseLong(values.get("o")), values.get("e"), null, values.get("f"));
                mine.add(new Entry(Long.parseLong(values.get("q")), new Letter(conversation, kept, id)));
            }
        }
        return mine;
    }

    /** A letter as read, with its place in the mailbox. */
    record Entry(long place, Letter letter) {
    }
}
