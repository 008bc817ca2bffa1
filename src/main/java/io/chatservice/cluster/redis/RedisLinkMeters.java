package io.chatservice.cluster.redis;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.chatservice.config.BrokerKind;
import io.chatservice.config.ChatConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * With {@code chat.broker=redis}: whether each of the node's connections to Redis is up, so that an operator is told
 * of a link that stays down (the reconnect counter only moves when a link is lost, not while it stays lost).
 */
@Singleton
public class RedisLinkMeters {

    static final List<String> LINKS = List.of(Subscriber.LINK, Publisher.LINK, StateConnection.LINK);

    void register(@Observes StartupEvent event, ChatConfig config, MeterRegistry meters,
            Instance<RedisLinks> links) {
        if (config.broker() != BrokerKind.REDIS) {
            return;
        }
        register(meters, links.get());
    }

    static void register(MeterRegistry meters, RedisLinks links) {
        for (String link : LINKS) {
            Gauge.builder("chat.broker.link.up", links, l -> l.isUp(link) ? 1 : 0)
                    .description("1 while this node's connection to Redis is up, 0 while it is down or connecting")
                    .tag("link", link).strongReference(true).register(meters);
        }
    }
}
