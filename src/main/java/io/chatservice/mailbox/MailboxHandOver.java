package io.chatservice.mailbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.core.Stages;
import io.chatservice.delivery.Catchups;
import io.chatservice.transport.FrameSender;
import io.chatservice.core.HistoryReads;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.core.StreamKey;
import io.chatservice.transport.FrameSender;
import io.chatservice.protocol.Frames;
import io.chatservice.registry.ChatSession;

/**
 * Gives a new private connection its user's mailbox: the letters, oldest first, as message frames marked
 * {@code "history":true}, then one {@code history} frame with {@code "mailbox":true}; nothing at all for an empty
 * mailbox. Live frames wait meanwhile in the connection's catch-up, which the caller started holding before the
 * connection entered the registry, and those the mailbox had are not sent twice. The letters leave the mailbox once
 * the closing frame, and every frame before it, was written to the connection's socket: a connection that breaks
 * first leaves them for the next. Each letter goes as its conversation's history has it now: with its latest text
 * ({@code "edited":true}), or as a tombstone ({@code "deleted":true}, no text) if it was deleted meanwhile, so that
 * nothing deleted is handed over as if it were alive; a letter the history no longer keeps goes as it was kept.
 */
@Singleton
public class MailboxHandOver {

    private static final Logger LOG = Logger.getLogger(MailboxHandOver.class);

    private final Mailboxes mailboxes;
    private final Catchups catchups;
    private final FrameSender sender;
    private final Frames frames;
    private final HistoryReads history;

    public MailboxHandOver(Mailboxes mailboxes, Catchups catchups, FrameSender sender, Frames frames,
            HistoryReads history) {
        this.history = history;
        this.mailboxes = mailboxes;
        this.catchups = catchups;
        this.sender = sender;
        this.frames = frames;
    }

    /**
     * On the connection's event loop, while its catch-up holds: ends the hold, whatever happens.
     *
     * @return fails with {@code UNAVAILABLE} if the mailbox could not be read (what was held has gone out then)
     */
    public CompletionStage<Void> handOver(ChatSession session) {
        String user = session.user();
        CompletionStage<Void> done = Stages.then(mailboxes.open(user, session.identity()), session.eventLoop(), mail -> {
            if (mail.isEmpty()) {
                catchups.abandon(session);
                return Stages.DONE;
            }
            return Stages.then(revisions(mail), session.eventLoop(), revised -> send(session, mail, revised));
        });
        if (!Stages.succeeded(done)) {
            done.whenComplete((ok, failure) -> {
                if (failure != null) {
                    session.eventLoop().execute(() -> catchups.abandon(session));
                }
            });
        }
        return done;
    }

    private CompletionStage<Void> send(ChatSession session, Mail mail, Map<StreamKey, Page> revised) {
        String user = session.user();
        for (Letter letter : mail.letters()) {
            sender.send(session, latest(letter, revised.get(letter.stream())).asHistory());
        }
        CompletionStage<Boolean> written = sender.sendWritten(session, frames.mailbox(user, mail.letters().size()));
        catchups.finish(session, mail.latest(), List.of());
        written.thenAccept(ok -> {
            if (ok) {
                mailboxes.delivered(user, mail).whenComplete((emptied, failure) -> {
                    if (failure != null) {
                        LOG.debugf("the mailbox of %s was not emptied (%s): its next connection gets it again",
                                user, failure.getMessage());
                    }
                });
            }
        });
        return Stages.DONE;
    }

    /** Per conversation, the history's entries over the offsets of its letters: one read each. */
    private CompletionStage<Map<StreamKey, Page>> revisions(Mail mail) {
        Map<StreamKey, long[]> spans = new HashMap<>(4);
        for (Letter letter : mail.letters()) {
            long offset = letter.kept().offset();
            spans.merge(letter.stream(), new long[] { offset, offset },
                    (a, b) -> new long[] { Math.min(a[0], b[0]), Math.max(a[1], b[1]) });
        }
        Map<StreamKey, Page> pages = new ConcurrentHashMap<>(4);
        CompletableFuture<?>[] reads = spans.entrySet().stream()
                .map(span -> history.before(span.getKey(), span.getValue()[1] + 1,
                        (int) Math.min(Integer.MAX_VALUE, span.getValue()[1] - span.getValue()[0] + 1))
                        .thenAccept(page -> pages.put(span.getKey(), page)).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(reads).thenApply(all -> pages);
    }

    /**
     * The letter as its conversation keeps it now, if it still does: the entry at its offset in its epoch, which is
     * the same message.
     */
    private static Kept latest(Letter letter, Page page) {
        Kept kept = letter.kept();
        if (page == null || !kept.epoch().equals(page.epoch())) {
            return kept;
        }
        for (Kept now : page.messages()) {
            if (now.offset() == kept.offset()) {
                return kept.withFrame(now.frame());
            }
        }
        return kept;
    }
}
