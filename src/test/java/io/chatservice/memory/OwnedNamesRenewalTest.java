package io.chatservice.memory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What lets a conversation's every message skip writing its friendship again: a name added a moment ago for the same
 * owner counts as added, and nothing else does.
 */
class OwnedNamesRenewalTest {

    private static final long AN_HOUR = 3_600_000_000_000L;

    private final Map<String, String> owners = new HashMap<>(Map.of("alice", "key-1"));
    private final OwnedNames names = new OwnedNames(owners::get, AN_HOUR, 0);

    @Test
    void aNameAddedJustNowForTheSameOwnerCountsAsAddedWithinTheWindow() {
        names.add("alice", "key-1", "bob");

        assertTrue(names.addedWithin("alice", "key-1", "bob", AN_HOUR));
    }

    @Test
    void aNameAddedLongerAgoThanTheWindowMustBeAddedAgain() {
        names.add("alice", "key-1", "bob");

        assertFalse(names.addedWithin("alice", "key-1", "bob", 0));
    }

    @Test
    void aNameAddedForTheNamesPreviousOwnerDoesNotCountForTheNewOne() {
        names.add("alice", "key-1", "bob");

        assertFalse(names.addedWithin("alice", "key-2", "bob", AN_HOUR));
    }

    @Test
    void aNameNeverAddedDoesNotCount() {
        names.add("alice", "key-1", "bob");

        assertFalse(names.addedWithin("alice", "key-1", "carol", AN_HOUR));
        assertFalse(names.addedWithin("dave", "key-9", "bob", AN_HOUR));
    }

    @Test
    void aUserWithNothingKeptHasNoNamesForAnyOwner() {
        assertFalse(names.hasAny("alice"));

        names.add("alice", "key-1", "bob");

        assertTrue(names.hasAny("alice"));
    }
}
