package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Frame ids are random: unique, and telling nothing of the order frames were made in or how many there were. */
class FrameIdsTest {

    private static final int COUNT = 10_000;

    private static List<String> ids() {
        List<String> ids = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            ids.add(FrameIds.next());
        }
        return ids;
    }

    @Test
    void anIdIsTwelveLettersAndDigits() {
        for (String id : ids()) {
            assertTrue(id.matches("[0-9A-Za-z]{12}"), id);
        }
    }

    @Test
    void idsDoNotRepeat() {
        assertEquals(COUNT, new HashSet<>(ids()).size());
    }

    @Test
    void idsMadeOneAfterAnotherAreNotInOrderAndShareNoPrefix() {
        List<String> ids = ids();
        int rising = 0;
        Set<Character> firsts = new HashSet<>();
        for (int i = 1; i < ids.size(); i++) {
            rising += ids.get(i).compareTo(ids.get(i - 1)) > 0 ? 1 : 0;
            firsts.add(ids.get(i).charAt(0));
        }
        // A counter rises every time; random ids rise about half the time.
        assertTrue(rising > COUNT * 0.4 && rising < COUNT * 0.6, "rising " + rising + " of " + COUNT);
        assertEquals(62, firsts.size(), "every first character occurs");
        assertNotEquals(ids.get(0).substring(0, 6), ids.get(1).substring(0, 6));
    }
}
