package io.chatservice.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;

import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

import io.chatservice.config.BrokerKind;
import io.chatservice.config.ChatConfig;

/** Plain JUnit: up in memory mode without looking at Redis; in redis mode down only past the grace. */
class RedisReadinessCheckTest {

    @SuppressWarnings("unchecked")
    private final Instance<RedisLinks> instance = mock(Instance.class);
    private final RedisLinks links = new RedisLinks();

    private RedisReadinessCheck check(BrokerKind broker, Duration grace) {
        ChatConfig config = mock(ChatConfig.class);
        ChatConfig.Cluster cluster = mock(ChatConfig.Cluster.class);
        when(config.broker()).thenReturn(broker);
        when(config.cluster()).thenReturn(cluster);
        when(cluster.readinessGrace()).thenReturn(grace);
        when(instance.get()).thenReturn(links);
        return new RedisReadinessCheck(config, instance);
    }

    @Test
    void upInMemoryModeWithoutResolvingTheLinks() {
        assertEquals(Status.UP, check(BrokerKind.MEMORY, Duration.ZERO).call().getStatus());
        verify(instance, never()).get();
    }

    @Test
    void aNodeIsNotReadyUntilEachLinkHasConnectedOnce() {
        links.starting(Subscriber.LINK);
        links.starting(Publisher.LINK);
        links.up(Publisher.LINK);
        assertEquals(Status.DOWN, check(BrokerKind.REDIS, Duration.ofHours(1)).call().getStatus());
        links.up(Subscriber.LINK);
        assertEquals(Status.UP, check(BrokerKind.REDIS, Duration.ofHours(1)).call().getStatus());
    }

    @Test
    void aLinkDownWithinTheGraceKeepsTheNodeReady() {
        links.starting(Subscriber.LINK);
        links.up(Subscriber.LINK);
        links.down(Subscriber.LINK);
        assertEquals(Status.UP, check(BrokerKind.REDIS, Duration.ofHours(1)).call().getStatus());
    }

    @Test
    void aLinkDownPastTheGraceTakesTheNodeOut() {
        links.up(Publisher.LINK);
        links.down(Subscriber.LINK);
        assertEquals(Status.DOWN, check(BrokerKind.REDIS, Duration.ZERO).call().getStatus());
        links.up(Subscriber.LINK);
        assertEquals(Status.UP, check(BrokerKind.REDIS, Duration.ZERO).call().getStatus());
    }
}
