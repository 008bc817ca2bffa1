package io.chatservice.admission;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;

/** Open connections per client address ({@code chat.limits.max-connections-per-address}). */
@Singleton
public class AddressCounts {

    private final int max;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    public AddressCounts(ChatConfig config) {
        this.max = config.limits().maxConnectionsPerAddress();
    }

    public int max() {
        return max;
    }

    /** Counts a connection from the address, unless it has as many as it may. */
    public boolean tryOpen(String address) {
        boolean[] taken = new boolean[1];
        open.compute(address, (a, count) -> {
            int n = count == null ? 0 : count;
            if (max > 0 && n >= max) {
                return count;
            }
            taken[0] = true;
            return n + 1;
        });
        return taken[0];
    }

    public void close(String address) {
        open.computeIfPresent(address, (a, count) -> count == 1 ? null : count - 1);
    }
}
