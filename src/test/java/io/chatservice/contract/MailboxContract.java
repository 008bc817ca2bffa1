package io.chatservice.contract;

import static io.chatservice.contract.Results.refusal;
import static io.chatservice.contract.Results.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.core.Identity;
import io.chatservice.core.Outgoing;
import io.chatservice.core.Route;
import io.chatservice.core.StreamKey;
import io.chatservice.core.Target;
import io.chatservice.history.Appended;
import io.chatservice.identity.Names;
import io.chatservice.mailbox.Letter;
import io.chatservice.mailbox.Mail;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/**
 * What offline users' mailboxes must do on any back end ({@code names} mode): a message kept for a claimed name is
 * in its conversation's history and in the mailbox, handed over on any node in the order sent, taken out once; the
 * cap, strangers' share, unclaimed names and earlier holders are refused or kept apart; blocks hold everywhere. A
 * back end implements {@link io.chatservice.mailbox.Mailboxes}, {@link io.chatservice.core.Friends} and
 * {@link io.chatservice.core.Blocks} and runs these; its subclass builds the nodes, whose mailboxes hold
 * {@value #MAILBOX_SIZE} letters, {@value #FROM_STRANGER} from each stranger and {@value #STRANGER_PLACES} from
 * strangers together, and who block at most {@value #MAX_BLOCKS} names. The memory back end is one process: both
 * nodes are that process, with its one set of mailboxes.
 */
public abstract class MailboxContract {

    public static final int MAILBOX_SIZE = 6;
    public static final int FROM_STRANGER = 2;
    public static final int STRANGER_PLACES = 3;
    public static final int MAX_BLOCKS = 3;
    protected static final Duration WAIT = Duration.ofSeconds(10);

    protected StreamNode a;
    protected StreamNode b;
    private String tag;

    /** Readies an empty back end for one test. */
    protected abstract void startBackEnd();

    /** A node of the back end, started. */
    protected abstract StreamNode node(String name);

    protected abstract void stopBackEnd();

    @BeforeEach
    void startNodes() {
        tag = UUID.randomUUID().toString().substring(0, 8);
        startBackEnd();
        a = node("a");
        b = node("b");
    }

    @AfterEach
    void stopNodes() {
        stopBackEnd();
    }

    /** The identities of the names this test's holders took; a sender's own is made up. */
    private final Map<String, String> identities = new HashMap<>();

    protected String name(String base) {
        return base + "-" + tag;
    }

    /** The identity of the user's holder, or a made-up one for a user that holds nothing here. */
    protected String id(String user) {
        return identities.computeIfAbsent(user, u -> "00000000" + tag);
    }

    /** The name held by a key and claimed for it, with no connection left: its holder is offline. */
    protected String claimed(StreamNode node, String base) {
        String user = name(base);
        Names names = node.names;
        identities.put(user, Identity.ofKey(result(names.admitWithKey(user, null)).key()));
        assertTrue(result(names.claim(user)));
        return user;
    }

    /** {@code user} wrote to {@code peer}: the peer is no stranger to the user's mailbox any more. */
    private static void wrote(StreamNode node, String user, String peer) {
        result(node.friends.wrote(user, peer));
    }

    /** {@code count} messages from {@code from} to the offline {@code to}, each kept. */
    private void keep(StreamNode node, String from, String to, int count, String text) {
        for (int i = 1; i <= count; i++) {
            assertTrue(result(node.delivery.append(offline(node, from, to, text + " " + i, null))).queued());
        }
    }

    private StreamKey conversation(String from, String to) {
        return StreamKey.conversation(from, id(from), to, id(to));
    }

    /** A private message from {@code from}, routed while {@code to} was offline: to its mailbox. */
    protected Outgoing offline(StreamNode node, String from, String to, String text, String cid) {
        return new Outgoing(conversation(from, to), Messages.draft(UUID.randomUUID().toString(),
                "\"to_user\":\"" + to + "\"", from, text), Target.conversation(from, to),
                new Route(Set.of(), Set.of(node.id)), from, cid, to, System.nanoTime());
    }

    private static List<String> texts(Mail mail) {
        return mail.letters().stream().map(letter -> {
            String frame = letter.kept().frame();
            int at = frame.indexOf("\"info\":\"") + 8;
            return frame.substring(at, frame.indexOf('"', at));
        }).toList();
    }

    @Test
    void aMessageForAnOfflineClaimedNameIsKeptWithItsHistoryAndOpenedOnAnotherNode() {
        String ann = name("ann"), bob = claimed(a, "bob");

        Appended appended = result(a.delivery.append(offline(a, ann, bob, "later", null)));

        assertTrue(appended.queued());
        Mail mail = result(b.mailboxes.open(bob, id(bob)));
        assertEquals(1, mail.letters().size());
        Letter letter = mail.letters().get(0);
        assertEquals(conversation(ann, bob), letter.stream());
        assertEquals(appended.kept().frame(), letter.kept().frame());
        assertEquals(appended.kept().offset(), letter.kept().offset());
        assertEquals(appended.kept().epoch(), letter.kept().epoch());
        assertEquals(List.of(appended.kept().frame()), result(b.history.latest(letter.stream(), 10)).messages()
                .stream().map(kept -> kept.frame()).toList(), "the conversation's history has it too");
    }

    @Test
    void lettersOfSeveralConversationsOpenInTheOrderSentEachConversationInOffsetOrder() {
        String ann = name("ann"), cat = name("cat"), bob = claimed(a, "bob");
        result(a.delivery.append(offline(a, ann, bob, "one", null)));
        result(b.delivery.append(offline(b, cat, bob, "two", null)));
        result(a.delivery.append(offline(a, ann, bob, "three", null)));

        Mail mail = result(b.mailboxes.open(bob, id(bob)));

        assertEquals(List.of("one", "two", "three"), texts(mail));
        assertEquals(List.of(1L, 1L, 2L), mail.letters().stream().map(letter -> letter.kept().offset()).toList());
    }

    @Test
    void handedOverLettersLeaveTheMailboxAndLaterOnesStay() {
        String ann = name("ann"), bob = claimed(a, "bob");
        result(a.delivery.append(offline(a, ann, bob, "one", null)));
        Mail first = result(b.mailboxes.open(bob, id(bob)));
        result(a.delivery.append(offline(a, ann, bob, "two", null)));

        result(b.mailboxes.delivered(bob, first));
        result(a.mailboxes.delivered(bob, first)); // a second hand-over of the same mail takes nothing more

        assertEquals(List.of("two"), texts(result(a.mailboxes.open(bob, id(bob)))));
    }

    @Test
    void aFullMailboxRefusesAndNothingIsKept() {
        String ann = name("ann"), bob = claimed(a, "bob");
        wrote(b, bob, ann);
        for (int i = 1; i <= MAILBOX_SIZE; i++) {
            result(a.delivery.append(offline(a, ann, bob, "m" + i, null)));
        }

        refusal(a.delivery.append(offline(a, ann, bob, "one too many", null)), ErrorCode.MAILBOX_FULL);

        assertEquals(MAILBOX_SIZE, result(b.mailboxes.open(bob, id(bob))).letters().size());
        assertEquals(MAILBOX_SIZE,
                result(b.history.latest(conversation(ann, bob), 10)).messages().size());
    }

    @Test
    void handingOverMakesRoomAgain() {
        String ann = name("ann"), bob = claimed(a, "bob");
        wrote(b, bob, ann);
        for (int i = 1; i <= MAILBOX_SIZE; i++) {
            result(a.delivery.append(offline(a, ann, bob, "m" + i, null)));
        }

        result(b.mailboxes.delivered(bob, result(b.mailboxes.open(bob, id(bob)))));

        assertTrue(result(a.delivery.append(offline(a, ann, bob, "again", null))).queued());
    }

    @Test
    void aResendWithTheSameCidKeepsOneLetterAndGivesItsPlaceBack() {
        String ann = name("ann"), bob = claimed(a, "bob");
        wrote(b, bob, ann);
        result(a.delivery.append(offline(a, ann, bob, "once", "c1")));

        assertTrue(result(b.delivery.append(offline(b, ann, bob, "once", "c1"))).duplicate());

        assertEquals(List.of("once"), texts(result(b.mailboxes.open(bob, id(bob)))));
        for (int i = 2; i <= MAILBOX_SIZE; i++) {
            result(a.delivery.append(offline(a, ann, bob, "m" + i, null)));
        }
    }

    @Test
    void aResendIntoAMailboxFullSinceIsAnsweredWithTheFirstAndANewMessageIsStillRefused() {
        String ann = name("ann"), bob = claimed(a, "bob");
        wrote(b, bob, ann);
        Appended first = result(a.delivery.append(offline(a, ann, bob, "m1", "c1")));
        for (int i = 2; i <= MAILBOX_SIZE; i++) {
            result(a.delivery.append(offline(a, ann, bob, "m" + i, null)));
        }

        Appended resend = result(b.delivery.append(offline(b, ann, bob, "m1", "c1")));

        assertTrue(resend.duplicate());
        assertEquals(first.kept().id(), resend.kept().id());
        assertEquals(first.kept().offset(), resend.kept().offset());
        assertEquals(first.kept().frame(), resend.kept().frame());
        refusal(a.delivery.append(offline(a, ann, bob, "new", "c2")), ErrorCode.MAILBOX_FULL);
        assertEquals(MAILBOX_SIZE, result(b.mailboxes.open(bob, id(bob))).letters().size());
    }

    @Test
    void aNameNeverClaimedOrNeverSeenIsOfflineAndNothingIsKept() {
        String ann = name("ann"), bob = name("bob"), nobody = name("nobody");
        Names names = a.names;
        identities.put(bob, Identity.ofKey(result(names.admitWithKey(bob, null)).key()));

        refusal(a.delivery.append(offline(a, ann, bob, "hello?", null)), ErrorCode.USER_OFFLINE);
        refusal(a.delivery.append(offline(a, ann, nobody, "hello?", null)), ErrorCode.USER_OFFLINE);

        assertFalse(result(a.history.latest(conversation(ann, bob), 10)).exists());
    }

    @Test
    void whatWasKeptForAnEarlierHolderOfTheNameIsNotOpenedByTheNext() {
        String ann = name("ann"), bob = name("bob");
        Names names = a.names;
        identities.put(bob, Identity.ofKey(result(names.admitWithKey(bob, null)).key()));
        result(names.claim(bob));
        result(a.delivery.append(offline(a, ann, bob, "for the first bob", null)));
        result(names.release(bob));
        names.disconnected(bob);

        // Once the hold is gone, a stranger takes the name with a key of their own.
        Names stranger = b.names;
        String[] key = new String[1];
        await().atMost(WAIT).until(() -> stranger.admitWithKey(bob, null).toCompletableFuture()
                .handle((admitted, failure) -> {
                    key[0] = failure == null ? admitted.key() : null;
                    return failure == null;
                }).join());

        assertTrue(result(b.mailboxes.open(bob, Identity.ofKey(key[0]))).isEmpty());
    }

    @Test
    void aMessageToTheConversationOfAnEarlierHolderIsNotKeptForTheNameNow() {
        String ann = name("ann"), bob = claimed(a, "bob");
        String now = id(bob);
        identities.put(bob, "ffffffff" + tag); // the conversation was with another holder of the name

        refusal(a.delivery.append(offline(a, ann, bob, "for the earlier bob", null)), ErrorCode.USER_OFFLINE);

        assertTrue(result(b.mailboxes.open(bob, now)).isEmpty());
    }

    @Test
    void strangersFillTheirShareOnlyAndAFriendsMessagesAreKeptWhileThereIsRoom() {
        String bob = claimed(a, "bob"), friend = name("friend");
        wrote(b, bob, friend);
        List<String> strangers = List.of(name("s1"), name("s2"), name("s3"), name("s4"), name("s5"));
        int kept = 0;
        for (String stranger : strangers) {
            for (int i = 0; i < FROM_STRANGER; i++) {
                if (kept < STRANGER_PLACES) {
                    result(a.delivery.append(offline(a, stranger, bob, "spam", null)));
                    kept++;
                } else {
                    refusal(a.delivery.append(offline(a, stranger, bob, "spam", null)), ErrorCode.MAILBOX_FULL);
                }
            }
        }

        keep(b, friend, bob, MAILBOX_SIZE - STRANGER_PLACES, "hi");

        List<String> texts = texts(result(b.mailboxes.open(bob, id(bob))));
        assertEquals(MAILBOX_SIZE, texts.size());
        assertEquals(MAILBOX_SIZE - STRANGER_PLACES,
                texts.stream().filter(text -> text.startsWith("hi ")).count());
        refusal(b.delivery.append(offline(b, friend, bob, "full now", null)), ErrorCode.MAILBOX_FULL);
    }

    @Test
    void aStrangerIsHeldToTheirOwnLimitWhileOthersStillGetIn() {
        String bob = claimed(a, "bob"), ann = name("ann"), cat = name("cat");
        keep(a, ann, bob, FROM_STRANGER, "ann");

        ProtocolException refused = refusal(b.delivery.append(offline(b, ann, bob, "more", null)),
                ErrorCode.MAILBOX_FULL);

        assertEquals(bob + "'s mailbox takes no more messages from you now", refused.reason());
        keep(b, cat, bob, 1, "cat");
    }

    @Test
    void handingOverGivesTheStrangersTheirShareBack() {
        String bob = claimed(a, "bob"), ann = name("ann"), cat = name("cat");
        keep(a, ann, bob, FROM_STRANGER, "ann");
        keep(a, cat, bob, STRANGER_PLACES - FROM_STRANGER, "cat");

        result(b.mailboxes.delivered(bob, result(b.mailboxes.open(bob, id(bob)))));

        keep(a, ann, bob, FROM_STRANGER, "ann again");
    }

    @Test
    void aStrangersResendGivesItsPlaceInTheShareBack() {
        String bob = claimed(a, "bob"), ann = name("ann");
        result(a.delivery.append(offline(a, ann, bob, "once", "c1")));

        assertTrue(result(b.delivery.append(offline(b, ann, bob, "once", "c1"))).duplicate());

        keep(a, ann, bob, FROM_STRANGER - 1, "more");
    }

    @Test
    void aNewcomerUnderAFreedNameHasNoneOfTheFriendsOrBlocksOfTheHolderBefore() {
        String ann = name("ann"), mal = name("mal"), bob = name("bob");
        Names names = a.names;
        result(names.admitWithKey(bob, null));
        result(names.claim(bob));
        wrote(a, bob, ann);
        result(a.blocks.add(bob, mal));
        result(names.release(bob));
        names.disconnected(bob);
        Names newcomer = b.names;
        String[] key = new String[1];
        await().atMost(WAIT).until(() -> newcomer.admitWithKey(bob, null).toCompletableFuture()
                .handle((admitted, failure) -> {
                    key[0] = failure == null ? admitted.key() : null;
                    return failure == null;
                }).join());
        result(newcomer.claim(bob));
        identities.put(bob, Identity.ofKey(key[0]));

        assertFalse(result(b.blocks.blocks(bob, mal)));
        assertEquals(List.of(), result(b.blocks.list(bob)));
        keep(b, ann, bob, FROM_STRANGER, "ann");
        refusal(b.delivery.append(offline(b, ann, bob, "a stranger now", null)), ErrorCode.MAILBOX_FULL);
    }

    @Test
    void aBlockHoldsOnEveryNodeUntilItIsLifted() {
        String bob = claimed(a, "bob"), mal = name("mal"), ann = name("ann");

        result(a.blocks.add(bob, mal));

        assertTrue(result(b.blocks.blocks(bob, mal)));
        assertFalse(result(b.blocks.blocks(bob, ann)));
        result(b.blocks.remove(bob, mal));
        assertFalse(result(a.blocks.blocks(bob, mal)));
    }

    @Test
    void blocksAreListedSortedAndBoundedByTheMostBlocks() {
        String bob = claimed(a, "bob");
        List<String> blocked = List.of(name("c"), name("a"), name("b"));
        blocked.forEach(name -> result(a.blocks.add(bob, name)));
        result(a.blocks.add(bob, blocked.get(0))); // again: changes nothing

        refusal(b.blocks.add(bob, name("d")), ErrorCode.TOO_MANY_BLOCKS);

        assertEquals(blocked.stream().sorted().toList(), result(b.blocks.list(bob)));
    }
}
