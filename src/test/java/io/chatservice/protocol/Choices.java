package io.chatservice.protocol;

import java.util.Random;

/**
 * Where a generator takes its decisions from: a seeded {@link Random} in the quick property run, or the fuzzer's
 * bytes, so that Jazzer's coverage feedback steers what is generated. Bytes that run out read as zeros, and a zero
 * is always the common, small case ({@link #oneIn} is false, so a loop on it stops): any byte string, the empty one
 * too, makes a small input.
 */
abstract class Choices {

    /** A number in {@code [0, bound)}; {@code bound} is at least 1. */
    abstract int below(int bound);

    /** True once in n: the rare case, which a zero never picks. */
    boolean oneIn(int n) {
        return below(n) == n - 1;
    }

    <T> T pick(T[] options) {
        return options[below(options.length)];
    }

    static Choices random(long seed) {
        Random random = new Random(seed);
        return new Choices() {
            @Override
            int below(int bound) {
                return random.nextInt(bound);
            }
        };
    }

    static Choices of(byte[] data) {
        return new Choices() {
            private int next;

            @Override
            int below(int bound) {
                if (bound == 1) {
                    return 0;
                }
                // As many bytes as the bound needs, so small choices cost the fuzzer one byte.
                int value = 0;
                for (long range = 1; range < bound; range <<= 8) {
                    value = (value << 8) | (next < data.length ? data[next++] & 0xFF : 0);
                }
                return Math.floorMod(value, bound);
            }
        };
    }
}
