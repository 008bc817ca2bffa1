package io.chatservice.metrics;

import java.util.List;

import io.chatservice.support.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link DashboardSeriesContract} with {@code chat.broker=redis}: the links, publishes and repairs of the message
 * path. The history and the mailboxes live in Redis, which measures their memory itself.
 */
@QuarkusTest
@WithTestResource(RedisResource.class)
class RedisDashboardSeriesTest extends DashboardSeriesContract {

    @Override
    protected List<String> onlyWithTheOtherBroker() {
        return List.of("chat_history_memory_", "chat_history_streams", "chat_history_evictions_",
                "chat_mailbox_memory_");
    }
}
