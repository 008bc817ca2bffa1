package io.chatservice.memory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A stream's newest frames, oldest first, at most {@code capacity} of them, as UTF-8 in arrays that are reused: the
 * slot of the oldest frame takes the newest, and keeps its array when the new frame fits. A busy stream therefore
 * keeps no object per message: its arrays age into the old generation once, and the collector does not copy history
 * again (a String kept per message was copied at every young collection until promoted), in about half the heap
 * (UTF-8 instead of a String's UTF-16 for text beyond Latin-1). Not thread-safe: its stream's lock guards it.
 */
final class FrameRing {

    private static final int FIRST_SLOTS = 8;
    /** Arrays grow in steps, so that frames of about the same length share one. */
    private static final int STEP = 64;
    /**
     * An array's header, and per slot a reference, a length and its author's reference (the identities are shared
     * with the sessions): what the heap spends beside the frames' bytes.
     */
    private static final int ARRAY_HEADER = 16;
    private static final int PER_SLOT = 12;


    private final int capacity;
    private byte[][] slots;
    private int[] lengths;
    /** Who sent each frame (an identity), so that only its author may change a message. */
    private String[] authors;
    private int start;
    private int count;
    /** What the ring holds on the heap: its arrays as allocated (spare room included), kept as it changes. */
    private long footprint;

    FrameRing(int capacity) {
        this.capacity = capacity;
        int first = Math.min(capacity, FIRST_SLOTS);
        this.slots = new byte[first][];
        this.lengths = new int[first];
        this.authors = new String[first];
        this.footprint = 3L * ARRAY_HEADER + (long) first * PER_SLOT;
    }

    int size() {
        return count;
    }

    /** Adds the newest frame, sent by {@code author}; at capacity the oldest goes. Nothing is kept with a capacity of 0. */
    void add(String frame, String author) {
        if (capacity == 0) {
            return;
        }
        if (count == slots.length && count < capacity) {
            // Still growing: nothing has been dropped yet, so the ring starts at 0.
            int grown = Math.min(capacity, slots.length * 2);
            slots = Arrays.copyOf(slots, grown);
            lengths = Arrays.copyOf(lengths, grown);
            authors = Arrays.copyOf(authors, grown);
            footprint += (long) (grown - count) * PER_SLOT;
        }
        int slot;
        if (count == capacity) {
            slot = start;
            start = (start + 1) % capacity;
        } else {
            slot = (start + count++) % slots.length;
        }
        authors[slot] = author;
        store(slot, frame);
    }

    /** Replaces the frame at {@code index} (0 for the oldest kept), keeping its author: an edit or a tombstone. */
    void set(int index, String frame) {
        store((start + index) % slots.length, frame);
    }

    /** @param index 0 for the oldest frame kept */
    String author(int index) {
        return authors[(start + index) % slots.length];
    }

    private void store(int slot, String frame) {
        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
        byte[] kept = slots[slot];
        if (kept == null || kept.length < utf8.length) {
            footprint -= kept == null ? 0 : ARRAY_HEADER + kept.length;
            kept = new byte[(utf8.length + STEP - 1) / STEP * STEP];
            footprint += ARRAY_HEADER + kept.length;
            slots[slot] = kept;
        }
        System.arraycopy(utf8, 0, kept, 0, utf8.length);
        lengths[slot] = utf8.length;
    }

    /** @param index 0 for the oldest frame kept */
    String get(int index) {
        int slot = (start + index) % slots.length;
        return new String(slots[slot], 0, lengths[slot], StandardCharsets.UTF_8);
    }

    /** Bytes the ring holds on the heap, spare room of its arrays included: what the history's budget counts. */
    long footprint() {
        return footprint;
    }

    /** Bytes of frames kept, without the arrays' spare room. */
    long bytes() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += lengths[(start + i) % slots.length];
        }
        return total;
    }
}
