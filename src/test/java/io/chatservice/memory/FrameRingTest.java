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
            ring.add("f" + i);
        }
        assertEquals(20, ring.size());
        assertEquals("f0", ring.get(0));
        assertEquals("f19", ring.get(19));
    }

    @Test
    void atCapacityTheOldestGoes() {
        FrameRing ring = new FrameRing(3);
        for (int i = 0; i < 7; i++) {
            ring.add("f" + i);
        }
        assertEquals(List.of("f4", "f5", "f6"), all(ring));
    }

    @Test
    void aSlotTakesALongerFrameThanItHeld() {
        FrameRing ring = new FrameRing(2);
        ring.add("short");
        ring.add("x");
        String longer = "大".repeat(500);
        ring.add(longer);
        ring.add("y");
        assertEquals(List.of(longer, "y"), all(ring));
        assertEquals(longer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1, ring.bytes());
    }

    @Test
    void aShorterFrameInALongerSlotReadsBackWhole() {
        FrameRing ring = new FrameRing(1);
        ring.add("a much longer frame than the next");
        ring.add("😀 next");
        assertEquals(List.of("😀 next"), all(ring));
    }

    @Test
    void capacityZeroKeepsNothing() {
        FrameRing ring = new FrameRing(0);
        ring.add("f");
        assertEquals(0, ring.size());
    }
}
