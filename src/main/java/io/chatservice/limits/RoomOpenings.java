package io.chatservice.limits;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;

/**
 * How many rooms one client address and one name may open on this node: a bucket per address
 * ({@code chat.limits.room-joins-per-address}, a rate per minute, and {@code room-join-burst-per-address}) and one per
 * name ({@code room-joins-per-user} and {@code room-join-burst-per-user}). A room is opened when a connection enters
 * it while it has no member on the node; entering a room someone is in already costs nothing, as it brings nothing
 * new into being. Without it, one address cycling join, message, leave through fresh rooms leaves a history behind
 * each time, within every other limit. Per node, like the other address limits, with either broker.
 */
@Singleton
public class RoomOpenings {

    private static final double SECONDS_PER_MINUTE = 60.0;

    private final KeyedBuckets byAddress;
    private final KeyedBuckets byUser;

    @Inject
    public RoomOpenings(ChatConfig config) {
        this(config.limits().roomJoinsPerAddress(), config.limits().roomJoinBurstPerAddress(),
                config.limits().roomJoinsPerUser(), config.limits().roomJoinBurstPerUser(), System.nanoTime());
    }

    RoomOpenings(double perAddressPerMinute, int addressBurst, double perUserPerMinute, int userBurst, long now) {
        this.byAddress = new KeyedBuckets(new RateLimit(perAddressPerMinute / SECONDS_PER_MINUTE, addressBurst), now);
        this.byUser = new KeyedBuckets(new RateLimit(perUserPerMinute / SECONDS_PER_MINUTE, userBurst), now);
    }

    /**
     * Takes the opening of a room from the address's and the name's buckets: from both, or from neither when either
     * is empty, so that a refusal by one does not spend the other.
     *
     * @return 0 if the room may be opened, else how many milliseconds until it may
     */
    public long take(String address, String user, long now) {
        long waitNanos = Math.max(byAddress.waitFor(address, now), byUser.waitFor(user, now));
        if (waitNanos == 0 && byAddress.take(address, now) && byUser.take(user, now)) {
            return 0;
        }
        // Empty, or emptied by a racing opening: tell when both hold a token again.
        waitNanos = Math.max(byAddress.waitFor(address, now), byUser.waitFor(user, now));
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
    }

    /** Keys with a bucket kept: addresses and names that opened rooms lately. */
    int tracked() {
        return byAddress.size() + byUser.size();
    }

    void sweepIfDue(long now) {
        byAddress.sweepIfDue(now);
        byUser.sweepIfDue(now);
    }
}
