package io.chatservice.metrics;

import java.util.List;

import io.quarkus.test.junit.QuarkusTest;

/** {@link DashboardSeriesContract} with {@code chat.broker=memory}: the history's and the mailboxes' budgets. */
@QuarkusTest
class DashboardSeriesTest extends DashboardSeriesContract {

    @Override
    protected List<String> onlyWithTheOtherBroker() {
        return List.of("chat_broker_");
    }
}
