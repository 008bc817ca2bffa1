package io.chatservice.memory;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.chatservice.config.BrokerKind;
import io.chatservice.config.ChatConfig;

/**
 * {@code chat-memory}: what the memory broker's budgets hold, and whether the history's budget has been dropping
 * streams within the last minute ({@code evicting}). Always UP: a node that evicts is doing its job, keeping the heap
 * safe, and serves every connection as well as before; taking it out of the load balancer would only push its users
 * onto the other nodes, which are as full. The data is for the operator, who may give the heap more room.
 */
@Readiness
@ApplicationScoped
public class MemoryBudgetCheck implements HealthCheck {

    static final long EVICTING_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final boolean memory;
    private final Instance<MemoryHistory> history;
    private final Instance<MemoryMailboxes> mailboxes;

    public MemoryBudgetCheck(ChatConfig config, Instance<MemoryHistory> history, Instance<MemoryMailboxes> mailboxes) {
        this.memory = config.broker() == BrokerKind.MEMORY;
        this.history = history;
        this.mailboxes = mailboxes;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("chat-memory").up();
        if (!memory) {
            return response.withData("broker", "redis").build();
        }
        MemoryHistory streams = history.get();
        MemoryMailboxes boxes = mailboxes.get();
        long last = streams.lastEviction();
        boolean evicting = last != 0 && System.nanoTime() - last < EVICTING_WINDOW_NANOS;
        return response.withData("broker", "memory")
                .withData("history-bytes", streams.usedBytes())
                .withData("history-limit-bytes", streams.maxBytes())
                .withData("history-evictions", streams.budgetEvictions())
                .withData("evicting", evicting)
                .withData("mailbox-bytes", boxes.usedBytes())
                .withData("mailbox-limit-bytes", boxes.maxBytes()).build();
    }
}
