package io.chatservice.protocol;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Frame ids: 12 characters of {@code [0-9A-Za-z]}, about 71 random bits, so that an id tells nothing of when a frame
 * was made or how many came before it, and one cannot be guessed from others. Each thread draws from its own fast
 * generator, seeded from {@link SecureRandom} when the thread makes its first id (at run time: never in a native
 * image's build), so that the hot path takes no lock and makes no system call.
 */
public final class FrameIds {

    static final int LENGTH = 12;
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final ThreadLocal<SplittableRandom> RANDOM = ThreadLocal.withInitial(() -> {
        byte[] seed = new byte[8];
        new SecureRandom().nextBytes(seed);
        long value = 0;
        for (byte b : seed) {
            value = value << 8 | (b & 0xff);
        }
        return new SplittableRandom(value);
    });

    private FrameIds() {
    }

    public static String next() {
        SplittableRandom random = RANDOM.get();
        char[] id = new char[LENGTH];
        long bits = random.nextLong();
        for (int i = 0; i < LENGTH; i++) {
            if (i == 6) {
                bits = random.nextLong(); // 6 characters take 36 bits of the 64
            }
            id[i] = ALPHABET[(int) Long.remainderUnsigned(bits, ALPHABET.length)];
            bits = Long.divideUnsigned(bits, ALPHABET.length);
        }
        return new String(id);
    }
}
