package io.chatservice.transport;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.chatservice.config.ChatConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;

class HeadDeadlinesTest {

    private static HeadDeadlines withTimeout(Duration timeout) {
        ChatConfig config = mock(ChatConfig.class, RETURNS_DEEP_STUBS);
        when(config.http().headTimeout()).thenReturn(timeout);
        return new HeadDeadlines(config);
    }

    @Test
    void aTimeoutWatchesEveryListeningSocket() {
        Filters filters = mock(Filters.class);

        withTimeout(Duration.ofSeconds(10)).register(filters);

        verify(filters).register(any(), anyInt());
    }

    @Test
    void aTimeoutOfZeroTurnsTheDeadlineOff() {
        Filters filters = mock(Filters.class);

        withTimeout(Duration.ZERO).register(filters);

        verify(filters, never()).register(any(), anyInt());
    }
}
