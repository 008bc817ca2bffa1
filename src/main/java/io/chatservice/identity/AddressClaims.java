package io.chatservice.identity;

import java.util.concurrent.CompletionStage;

/**
 * How many names each client address has claimed in its current day ({@code chat.limits.claims-per-address}): in
 * this process, or over the cluster in Redis. A day is the 24 hours from the address's first counted claim.
 */
public interface AddressClaims {

    /** A day, in milliseconds. */
    long DAY_MILLIS = 24L * 60 * 60 * 1000;

    /**
     * Counts one claim for the address, if it has claims left today.
     *
     * @return 0 if counted; else the milliseconds until the address may claim again (nothing counted)
     */
    CompletionStage<Long> take(String address);

    /** Forgets past days' counts, for a store that does not expire them by itself (memory); Redis' keys expire. */
    default void purge() {
    }
}
