package io.chatservice.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.config.MemoryBudgets;
import io.chatservice.core.Outgoing;
import io.chatservice.core.Stages;
import io.chatservice.history.Appended;
import io.chatservice.core.Identity;
import io.chatservice.mailbox.Letter;
import io.chatservice.mailbox.Mail;
import io.chatservice.mailbox.MailboxLimits;
import io.chatservice.mailbox.Mailboxes;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ConnectionRegistry;

/**
 * Offline users' mailboxes in this process ({@code chat.broker=memory}), lost on a restart like the history: per
 * user, the letters kept for its owner ({@link LocalOwners}), at most {@code chat.offline.max-messages}, of which
 * strangers, senders the owner never wrote to ({@link MemoryFriends}), fill a share only ({@link MailboxLimits}). A
 * mailbox whose owner is gone (the claim ended, the subject was not seen within the retention) is dropped, by a
 * sweep at most once a minute, from a keep or an open.
 * <p>
 * <b>Budget.</b> All mailboxes' letters together keep to {@code chat.offline.max-memory}. A letter is never dropped to
 * make room: its owner counts on it, and a sender whose message was {@code queued} was told it would arrive. Past the
 * budget a new letter is refused instead ({@code MAILBOX_FULL}, counted in {@code chat_errors_total}), so that the
 * sender knows it was not kept. A letter holds its own copy of the frame, so dropping its conversation's history (for
 * the history's budget) takes nothing from a mailbox.
 * <p>
 * <b>A message and a connection at the same moment.</b> The sender's node decides "offline" when it routes the
 * message, and the addressee may connect right after. Here nothing is lost and nothing arrives twice: a message is
 * kept, appended to its history and handed to the fan-out under its mailbox's lock, which asks the registry first;
 * a connection enters the registry before it opens its mailbox under the same lock. So either the message is in the
 * mailbox when the connection opens it, or the connection was in the registry when the message was kept: then it is
 * not put in the mailbox at all but delivered live (its sender's ack says {@code sent}), and held by the
 * connection's catch-up until its mailbox has been sent.
 */
@Singleton
@Typed(MemoryMailboxes.class)
public class MemoryMailboxes implements Mailboxes {

    private static final long SWEEP_EVERY_NANOS = 60_000_000_000L;
    /** A letter's objects beside its frame's characters: the letter, its Kept, the id and the list's slot. */
    static final int LETTER_OVERHEAD = 160;

    private final ConcurrentHashMap<String, Box> boxes = new ConcurrentHashMap<>();
    private final ConnectionRegistry registry;
    private final LocalOwners owners;
    private final MemoryFriends friends;
    private final MailboxLimits limits;
    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime() + SWEEP_EVERY_NANOS);

    @Inject
    public MemoryMailboxes(ConnectionRegistry registry, LocalOwners owners, MemoryFriends friends, ChatConfig config) {
        this(registry, owners, friends, MailboxLimits.from(config.offline()),
                MemoryBudgets.mailboxBytes(config.offline()));
    }

    /** @param maxBytes the budget of all mailboxes together; 0: none */
    MemoryMailboxes(ConnectionRegistry registry, LocalOwners owners, MemoryFriends friends, MailboxLimits limits,
            long maxBytes) {
        this.registry = registry;
        this.owners = owners;
        this.friends = friends;
        this.limits = limits;
        this.maxBytes = maxBytes;
    }

    /** Bytes the letters hold on the heap now, as the budget counts them. */
    public long usedBytes() {
        return used.get();
    }

    /** The budget, {@code chat.offline.max-memory}; 0: none. */
    public long maxBytes() {
        return maxBytes;
    }

    /** What a letter is counted at: a frame's characters at two bytes each, the most a String takes. */
    static long cost(Letter letter) {
        return LETTER_OVERHEAD + 2L * letter.kept().frame().length();
    }

    /**
     * Keeps a private message for its offline addressee ({@link Outgoing#mailbox()}) and appends it, in one step:
     * nothing is appended if it cannot be kept. An addressee that connected since the message was routed gets it
     * live instead, not kept.
     *
     * @param append appends a message to its history and hands it to the fan-out
     * @throws ProtocolException {@code USER_OFFLINE} if nobody owns the name's mailbox (never claimed, or not seen
     *         within the retention), {@code MAILBOX_FULL} at {@code chat.offline.max-messages}, past the budget, or
     *         for a stranger past their share
     */
    public Appended keep(Outgoing message, Function<Outgoing, Appended> append) throws ProtocolException {
        sweepIfDue();
        String user = message.mailbox();
        Appended[] appended = new Appended[1];
        ProtocolException[] refused = new ProtocolException[1];
        boxes.compute(user, (name, box) -> {
            if (registry.isReachable(name)) {
                appended[0] = append.apply(message.withoutMailbox());
                return box;
            }
            String owner = owners.keeping(name);
            // Kept for the identity its conversation is with, and no other holder of the name (one may have just
            // taken it over).
            if (owner == null || !Identity.ofKeyHash(owner).equals(message.stream().identityOf(name))) {
                refused[0] = ProtocolException.aboutUser(ErrorCode.USER_OFFLINE, name + " is not online", name);
                return box;
            }
            Box kept = box == null || !box.owner.equals(owner) ? new Box(owner) : box;
            if (!limits.hasRoom(kept.letters.size())) {
                refused[0] = ProtocolException.aboutUser(ErrorCode.MAILBOX_FULL,
                        name + " is offline and has " + limits.maxMessages() + " messages waiting already", name);
                return box;
            }
            String sender = message.sender();
            boolean stranger = !friends.isFriend(name, owner, sender);
            if (stranger && !limits.strangerMayAdd(kept.fromStranger(sender), kept.fromStrangers)) {
                // The same code as a full mailbox: a stranger learns no more about the owner than before.
                refused[0] = ProtocolException.aboutUser(ErrorCode.MAILBOX_FULL,
                        name + "'s mailbox takes no more messages from you now", name);
                return box;
            }
            if (maxBytes > 0 && used.get() >= maxBytes) {
                // A resend of a letter kept already is answered as before, by the caller, from its history.
                refused[0] = ProtocolException.aboutUser(ErrorCode.MAILBOX_FULL,
                        name + " is offline and the server keeps no more messages for offline users now", name);
                return box;
            }
            appended[0] = append.apply(message);
            if (!appended[0].duplicate()) {
                Held held = new Held(new Letter(message.stream(), appended[0].kept()), sender, stranger);
                kept.add(held);
                used.addAndGet(cost(held.letter()));
            }
            if (kept.letters.isEmpty()) {
                return box;
            }
            if (box != null && box != kept) {
                release(box.letters); // an earlier holder's, replaced
            }
            return kept;
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return appended[0];
    }

    @Override
    public CompletionStage<Mail> open(String user, String identity) {
        sweepIfDue();
        Mail[] mail = { Mail.EMPTY };
        boxes.computeIfPresent(user, (name, box) -> {
            if (!box.owner.equals(owners.current(name))) {
                release(box.letters);
                return null; // kept for an earlier holder of the name
            }
            mail[0] = new Mail(null, box.letters.stream().map(Held::letter).toList());
            return box;
        });
        return CompletableFuture.completedFuture(mail[0]);
    }

    @Override
    public CompletionStage<Void> delivered(String user, Mail mail) {
        Set<Letter> sent = new HashSet<>(mail.letters());
        boxes.computeIfPresent(user, (name, box) -> {
            used.addAndGet(-box.removeAll(sent));
            return box.letters.isEmpty() ? null : box;
        });
        return Stages.DONE;
    }

    private void sweepIfDue() {
        long now = System.nanoTime();
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return;
        }
        for (String user : boxes.keySet()) {
            boxes.computeIfPresent(user, (name, box) -> {
                if (box.owner.equals(owners.current(name))) {
                    return box;
                }
                release(box.letters);
                return null;
            });
        }
        owners.purge();
    }

    private void release(List<Held> letters) {
        long freed = 0;
        for (Held held : letters) {
            freed += cost(held.letter());
        }
        used.addAndGet(-freed);
    }

    /** A letter with who sent it, and whether it counts against the strangers' share. */
    private record Held(Letter letter, String sender, boolean stranger) {
    }

    /** One user's mailbox; changed only inside the map's {@code compute}, which serialises changes to one user. */
    private static final class Box {
        final String owner;
        final List<Held> letters = new ArrayList<>();
        /** Per stranger, their letters here; and all strangers' together. */
        final Map<String, Integer> strangers = new HashMap<>();
        int fromStrangers;

        Box(String owner) {
            this.owner = owner;
        }

        int fromStranger(String sender) {
            return strangers.getOrDefault(sender, 0);
        }

        void add(Held held) {
            letters.add(held);
            if (held.stranger()) {
                strangers.merge(held.sender(), 1, Integer::sum);
                fromStrangers++;
            }
        }

        /** @return the bytes the removed letters were counted at */
        long removeAll(Set<Letter> sent) {
            long[] freed = new long[1];
            letters.removeIf(held -> {
                if (!sent.contains(held.letter())) {
                    return false;
                }
                if (held.stranger()) {
                    strangers.computeIfPresent(held.sender(), (sender, n) -> n > 1 ? n - 1 : null);
                    fromStrangers--;
                }
                freed[0] += cost(held.letter());
                return true;
            });
            return freed[0];
        }
    }
}
