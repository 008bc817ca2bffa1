package io.chatservice.cluster.redis;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.Config;

import io.chatservice.config.ChatConfig;

/**
 * What the message path needs to know, gathered in one place so that tests can build it by hand.
 *
 * @param hosts the {@code redis://} URIs to try in turn, each of which may carry a password
 * @param nodeId this node's name: its private channel is {@code chat:node:<nodeId>}
 * @param commandTimeout how long Redis may take to answer before a link counts as hung
 * @param unsubscribeDelay how long a room's channel stays subscribed after its last local member left
 */
public record BrokerSettings(List<String> hosts, String nodeId, Duration commandTimeout, Duration unsubscribeDelay) {

    public BrokerSettings {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("chat.broker=redis needs quarkus.redis.hosts");
        }
        hosts = List.copyOf(hosts);
    }

    /**
     * The hosts are those of the Quarkus Redis client ({@code quarkus.redis.hosts}, comma-separated). With
     * {@code quarkus.redis.client-type=cluster} they are seed nodes, and any of them will do: in Redis Cluster a plain
     * PUBLISH on one node reaches the subscribers on every node.
     */
    static BrokerSettings from(ChatConfig config, String nodeId, Config mp) {
        List<String> hosts = mp.getOptionalValues("quarkus.redis.hosts", String.class).orElse(List.of()).stream()
                .map(String::trim).filter(host -> !host.isEmpty()).toList();
        return new BrokerSettings(hosts, nodeId, config.cluster().commandTimeout(),
                config.cluster().unsubscribeDelay());
    }
}
