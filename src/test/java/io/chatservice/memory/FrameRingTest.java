package io.chatservice.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FrameRingTest {

    private static List<String> all(FrameRing ring) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            frames.add(ring.get(i));
        }
        return frames;
    }

    @Test
    void keepsFramesOldestFirstWhileItGrows() {
        FrameRing ring = new FrameRing(100);
        for (int i = 0; i < 20; i++) {
            ring.add("f" + i, "author");
        }
        assertEquals(20, ring.size());
        assertEquals("f0", ring.get(0));
        assertEquals("f19", ring.get(19));
    }

    @Test
    void atCapacityTheOldestGoes() {
        FrameRing ring = new FrameRing(3);
        for (int i = 0; i < 7; i++) {
            ring.add("f" + i, "author");
        }
        assertEquals(List.of("f4", "f5", "f6"), all(ring));
    }

    @Test
    void aSlotTakesALongerFrameThanItHeld() {
        FrameRing ring = new FrameRing(2);
        ring.add("short", "author");
        ring.add("x", "author");
        String longer = "大".repeat(500);
        ring.add(longer, "author");
        ring.add("y", "author");
        assertEquals(List.of(longer, "y"), all(ring));
        assertEquals(longer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1, ring.bytes());
    }

    @Test
    void aShorterFrameInALongerSlotReadsBackWhole() {
        FrameRing ring = new FrameRing(1);
        ring.add("a much longer frame than the next", "author");
        ring.add("😀 next", "author");
        assertEquals(List.of("😀 next"), all(ring));
    }

    @Test
    void capacityZeroKeepsNothing() {
        FrameRing ring = new FrameRing(0);
        ring.add("f", "author");
        assertEquals(0, ring.size());
    }

    @Test
    void aFrameReplacedInItsSlotKeepsItsAuthorAndItsPlace() {
        FrameRing ring = new FrameRing(3);
        ring.add("one", "ann");
        ring.add("two", "bob");
        ring.add("three", "ann");
        ring.add("four", "cid");

        ring.set(0, "two, edited at more length than before");

        assertEquals(List.of("two, edited at more length than before", "three", "four"), all(ring));
        assertEquals("bob", ring.author(0));
        assertEquals("cid", ring.author(2));
    }
}
