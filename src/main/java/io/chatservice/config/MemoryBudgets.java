package io.chatservice.config;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * The heap's shares for what clients make the memory broker keep: a quarter for history, a tenth for mailboxes, of
 * the heap's maximum ({@link Runtime#maxMemory()}, e.g. {@code -Xmx}, or the JVM's share of a container's limit).
 * The rest is left for connections, their buffers and the collector's room to work.
 */
public final class MemoryBudgets {

    static final int HISTORY_PERCENT = 25;
    static final int MAILBOX_PERCENT = 10;

    private MemoryBudgets() {
    }

    /** {@code chat.history.max-memory}, or its share of the heap. */
    public static long historyBytes(ChatConfig.History history) {
        return history.maxMemory().map(MemorySize::asLongValue).orElseGet(() -> share(HISTORY_PERCENT));
    }

    /** {@code chat.offline.max-memory}, or its share of the heap. */
    public static long mailboxBytes(ChatConfig.Offline offline) {
        return offline.maxMemory().map(MemorySize::asLongValue).orElseGet(() -> share(MAILBOX_PERCENT));
    }

    private static long share(int percent) {
        return Runtime.getRuntime().maxMemory() / 100 * percent;
    }
}
