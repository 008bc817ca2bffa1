package io.chatservice.memory;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.chatservice.config.BrokerKind;
import io.chatservice.config.ChatConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * With {@code chat.broker=memory}: what the history's and the mailboxes' budgets hold, their limits, and how often
 * the history's budget dropped streams, so that an operator sees eviction before users notice lost history. With
 * Redis the memory is Redis' own, watched there ({@code used_memory}, see docs/cluster.md).
 */
@Singleton
public class MemoryBudgetMeters {

    void register(@Observes StartupEvent event, ChatConfig config, MeterRegistry meters,
            Instance<MemoryHistory> histories, Instance<MemoryMailboxes> mailboxes) {
        if (config.broker() != BrokerKind.MEMORY) {
            return;
        }
        MemoryHistory history = histories.get();
        Gauge.builder("chat.history.memory.bytes", history, MemoryHistory::usedBytes)
                .description("Heap the history's streams hold, as its budget counts it").register(meters);
        Gauge.builder("chat.history.memory.limit.bytes", history, MemoryHistory::maxBytes)
                .description("The history's budget, chat.history.max-memory (0: none)").register(meters);
        Gauge.builder("chat.history.streams", history, MemoryHistory::streamCount)
                .description("Rooms and conversations with history kept").register(meters);
        FunctionCounter.builder("chat.history.evictions", history, MemoryHistory::budgetEvictions)
                .description("Streams dropped whole, by why").tag("reason", "budget").register(meters);
        FunctionCounter.builder("chat.history.evictions", history, MemoryHistory::emptyRoomsFreed)
                .description("Streams dropped whole, by why").tag("reason", "empty_room").register(meters);
        MemoryMailboxes boxes = mailboxes.get();
        Gauge.builder("chat.mailbox.memory.bytes", boxes, MemoryMailboxes::usedBytes)
                .description("Heap the mailboxes' letters hold, as their budget counts it").register(meters);
        Gauge.builder("chat.mailbox.memory.limit.bytes", boxes, MemoryMailboxes::maxBytes)
                .description("The mailboxes' budget, chat.offline.max-memory (0: none)").register(meters);
    }
}
