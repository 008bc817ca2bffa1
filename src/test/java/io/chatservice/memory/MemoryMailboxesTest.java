package io.chatservice.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.chatservice.core.Outgoing;
import io.chatservice.core.Target;
import io.chatservice.history.Appended;
import io.chatservice.history.Draft;
import io.chatservice.core.Identity;
import io.chatservice.history.Kept;
import io.chatservice.core.StreamKey;
import io.chatservice.mailbox.Mail;
import io.chatservice.mailbox.MailboxLimits;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ConnectionRegistry;

/** The mailboxes' budget, on the memory broker: letters are refused past it, and never dropped to make room. */
class MemoryMailboxesTest {

    private static final String TEXT = "x".repeat(4000);
    /** Room for about 12 letters of 4 000 bytes (each counted at two bytes a character). */
    private static final long BUDGET = 100_000;

    private final LocalLastSeen seen = new LocalLastSeen(Duration.ofDays(7));
    private final LocalOwners owners = new LocalOwners(null, seen);
    private final MemoryMailboxes mailboxes = new MemoryMailboxes(new ConnectionRegistry(), owners,
            new MemoryFriends(owners, Duration.ofDays(7)), new MailboxLimits(1000, 0, 0), BUDGET);
    private int sent;

    private Appended keep(String to) throws ProtocolException {
        String id = "m-" + ++sent;
        Draft draft = new Draft(id, "{\"type\":\"message\",\"id\":\"" + id + "\",\"ts\":1,\"offset\":",
                ",\"from_user\":\"alice\",\"to_user\":\"" + to + "\",\"info\":\"" + TEXT + "\"}");
        Outgoing message = new Outgoing(StreamKey.conversation("alice", to), draft, Target.user(to), null, "alice",
                null, to, 0);
        return mailboxes.keep(message, kept -> new Appended(kept.draft().kept(sent, "e0000000"), false, true));
    }

    private int letters(String user) {
        return mailboxes.open(user, Identity.SUBJECT).toCompletableFuture().join().letters().size();
    }

    @Test
    void pastTheBudgetALetterIsRefusedWithMailboxFullAndTheKeptOnesStay() throws ProtocolException {
        for (int user = 0; user < 20; user++) {
            seen.seen("bob" + user);
        }
        int kept = 0;
        ProtocolException refused = null;
        for (int user = 0; user < 20 && refused == null; user++) {
            try {
                keep("bob" + user);
                kept++;
            } catch (ProtocolException e) {
                refused = e;
            }
        }
        assertTrue(refused != null, "the budget refused a letter");
        assertEquals(ErrorCode.MAILBOX_FULL, refused.code());
        assertTrue(mailboxes.usedBytes() <= BUDGET + MemoryMailboxes.LETTER_OVERHEAD + 2 * 4200,
                mailboxes.usedBytes() + " bytes");
        for (int user = 0; user < kept; user++) {
            assertEquals(1, letters("bob" + user), "bob" + user + "'s letter is still there");
        }
    }

    @Test
    void aDeliveredLetterGivesItsRoomBack() throws ProtocolException {
        seen.seen("carol");
        while (mailboxes.usedBytes() < BUDGET) {
            keep("carol");
        }
        assertThrows(ProtocolException.class, () -> keep("carol"));
        Mail mail = mailboxes.open("carol", Identity.SUBJECT).toCompletableFuture().join();
        mailboxes.delivered("carol", mail).toCompletableFuture().join();
        assertEquals(0, mailboxes.usedBytes());
        Kept next = keep("carol").kept();
        assertEquals(1, letters("carol"), "a letter is kept again: " + next.id());
    }
}
