package io.chatservice.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** Plain JUnit on the subscriber's state: what is sent, and when a follow counts as confirmed, in every order. */
class SubscriptionsTest {

    private final Subscriptions subscriptions = new Subscriptions();

    @Test
    void followCompletesOnConfirmationNotOnSending() {
        CompletableFuture<Void> ready = subscriptions.want("a");
        assertEquals(List.of("a"), subscriptions.take(10).subscribe());
        assertFalse(ready.isDone());
        subscriptions.confirmed("a", true);
        assertTrue(ready.isDone());
        assertEquals(1, subscriptions.subscribedCount());
    }

    @Test
    void requestsAreBatchedUpToTheLimit() {
        for (int i = 0; i < 25; i++) {
            subscriptions.want("c" + i);
        }
        assertEquals(10, subscriptions.take(10).subscribe().size());
        assertEquals(10, subscriptions.take(10).subscribe().size());
        assertEquals(5, subscriptions.take(10).subscribe().size());
        assertTrue(subscriptions.take(10).isEmpty());
    }

    @Test
    void unfollowBeforeSendingSendsNothing() {
        subscriptions.want("a");
        subscriptions.unwant("a");
        assertTrue(subscriptions.take(10).isEmpty());
        assertFalse(subscriptions.isWanted("a"));
    }

    @Test
    void followAgainWhileTheUnsubscribeIsInFlightWaitsForTheNewSubscribe() {
        subscriptions.want("a");
        subscriptions.take(10);
        subscriptions.confirmed("a", true);
        subscriptions.unwant("a");
        assertEquals(List.of("a"), subscriptions.take(10).unsubscribe());
        CompletableFuture<Void> again = subscriptions.want("a");
        assertEquals(List.of("a"), subscriptions.take(10).subscribe());
        subscriptions.confirmed("a", false);
        assertFalse(again.isDone(), "the UNSUBSCRIBE's confirmation says nothing of the SUBSCRIBE after it");
        subscriptions.confirmed("a", true);
        assertTrue(again.isDone());
        assertEquals(1, subscriptions.subscribedCount());
    }

    @Test
    void unfollowWhileTheSubscribeIsInFlightUnsubscribesAfterIt() {
        subscriptions.want("a");
        subscriptions.take(10);
        subscriptions.unwant("a");
        subscriptions.confirmed("a", true);
        assertEquals(List.of("a"), subscriptions.take(10).unsubscribe());
        subscriptions.confirmed("a", false);
        assertEquals(0, subscriptions.subscribedCount());
        assertFalse(subscriptions.isWanted("a"));
    }

    @Test
    void unfollowThenFollowBeforeSendingLeavesTheSubscriptionAlone() {
        subscriptions.want("a");
        subscriptions.take(10);
        subscriptions.confirmed("a", true);
        subscriptions.unwant("a");
        CompletableFuture<Void> again = subscriptions.want("a");
        assertTrue(subscriptions.take(10).isEmpty());
        assertFalse(again.isDone());
    }

    @Test
    void aReconnectResubscribesEveryWantedChannelAndReportsWhenAllAreBack() {
        subscriptions.want("a");
        subscriptions.want("b");
        subscriptions.want("gone");
        subscriptions.take(10);
        List.of("a", "b", "gone").forEach(channel -> subscriptions.confirmed(channel, true));
        subscriptions.unwant("gone");

        subscriptions.connectionLost();
        assertEquals(0, subscriptions.subscribedCount());
        CompletableFuture<Void> a = subscriptions.want("a");
        assertFalse(a.isDone(), "not confirmed on the new connection yet");
        assertEquals(2, subscriptions.resubscribeAll());
        assertEquals(List.of("a", "b"), subscriptions.take(10).subscribe().stream().sorted().toList());
        assertFalse(subscriptions.confirmed("a", true));
        assertTrue(subscriptions.confirmed("b", true));
        assertTrue(a.isDone());
        assertEquals(2, subscriptions.subscribedCount());
    }
}
