package io.chatservice.mailbox;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.core.Stages;
import io.chatservice.delivery.Catchups;
import io.chatservice.transport.FrameSender;
import io.chatservice.protocol.Frames;
import io.chatservice.registry.ChatSession;

/**
 * Gives a new private connection its user's mailbox: the letters, oldest first, as message frames marked
 * {@code "history":true}, then one {@code history} frame with {@code "mailbox":true}; nothing at all for an empty
 * mailbox. Live frames wait meanwhile in the connection's catch-up, which the caller started holding before the
 * connection entered the registry, and those the mailbox had are not sent twice. The letters leave the mailbox once
 * the closing frame, and every frame before it, was written to the connection's socket: a connection that breaks
 * first leaves them for the next.
 */
@Singleton
public class MailboxHandOver {

    private static final Logger LOG = Logger.getLogger(MailboxHandOver.class);

    private final Mailboxes mailboxes;
    private final Catchups catchups;
    private final FrameSender sender;
    private final Frames frames;

    public MailboxHandOver(Mailboxes mailboxes, Catchups catchups, FrameSender sender, Frames frames) {
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
            for (Letter letter : mail.letters()) {
                sender.send(session, letter.kept().asHistory());
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
}
