package io.chatservice.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.enterprise.inject.Instance;

import org.junit.jupiter.api.Test;

import io.chatservice.config.BrokerKind;
import io.chatservice.config.ChatConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Plain JUnit: {@code chat_broker_link_up} follows each link of {@link RedisLinks}, and exists with Redis only. */
class RedisLinkMetersTest {

    @SuppressWarnings("unchecked")
    private final Instance<RedisLinks> instance = mock(Instance.class);
    private final RedisLinks links = new RedisLinks();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private void start(BrokerKind broker) {
        ChatConfig config = mock(ChatConfig.class);
        when(config.broker()).thenReturn(broker);
        when(instance.get()).thenReturn(links);
        new RedisLinkMeters().register(null, config, meters, instance);
    }

    private double linkUp(String link) {
        return meters.get("chat.broker.link.up").tag("link", link).gauge().value();
    }

    @Test
    void inMemoryModeNoLinkIsMeasured() {
        start(BrokerKind.MEMORY);

        assertTrue(meters.find("chat.broker.link.up").gauges().isEmpty());
        verify(instance, never()).get();
    }

    @Test
    void aLinkIsDownUntilItConnectsAndWhileItIsLost() {
        start(BrokerKind.REDIS);
        links.starting(Subscriber.LINK);
        assertEquals(0, linkUp(Subscriber.LINK), "connecting");

        links.up(Subscriber.LINK);
        assertEquals(1, linkUp(Subscriber.LINK), "connected");

        links.down(Subscriber.LINK);
        assertEquals(0, linkUp(Subscriber.LINK), "lost");
    }

    @Test
    void eachLinkIsMeasuredOnItsOwn() {
        start(BrokerKind.REDIS);
        for (String link : RedisLinkMeters.LINKS) {
            links.starting(link);
        }
        links.up(Publisher.LINK);

        assertEquals(0, linkUp(Subscriber.LINK), "subscriber");
        assertEquals(1, linkUp(Publisher.LINK), "publisher");
        assertEquals(0, linkUp(StateConnection.LINK), "state");
    }
}
