package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chatservice.cluster.ClusterNode;
import io.chatservice.core.Scope;
import io.chatservice.support.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Redis state beans as the producer gets them ({@code Instance}, with {@code chat.broker=redis}): they are made
 * from the application's configuration and Redis client, connect, register the node and answer (presence, names,
 * budgets, the names written to and block lists).
 */
@QuarkusTest
@WithTestResource(RedisResource.class)
class RedisStateBeansTest {

    @Inject
    Instance<RedisPresence> presence;

    @Inject
    Instance<RedisNames> names;

    @Inject
    Instance<RedisUserBudget> budget;

    @Inject
    Instance<RedisBlocks> blocks;

    @Inject
    Instance<RedisFriends> friends;

    @Inject
    Instance<RedisLinks> links;

    @Inject
    ClusterNode node;

    @Test
    void theBeansConnectRegisterTheNodeAndAnswer() {
        String ann = "ann-" + UUID.randomUUID().toString().substring(0, 6);
        Scope room = Scope.room("beans-" + ann);

        RedisPresence redisPresence = presence.get(); // made now: connects the state link and starts the heartbeat
        await().atMost(Duration.ofSeconds(5)).until(() -> links.get().isUp(StateConnection.LINK));

        assertTrue(result(redisPresence.entered(room, ann)));
        assertEquals(List.of(ann), result(presence.get().members(room, null, 100)).users());
        assertTrue(RedisResource.server().cli("ZSCORE", PresenceScripts.PREFIX + "nodes", node.id()).matches("\\d+"));

        assertTrue(result(names.get().admitWithKey(ann, null)).key() != null);
        assertEquals(0L, result(budget.get().take(ann)));
        result(friends.get().wrote(ann, "bob"));
        result(blocks.get().add(ann, "mal"));
        assertTrue(result(blocks.get().blocks(ann, "mal")));
        assertTrue(result(presence.get().left(room, ann)));
        names.get().disconnected(ann);
    }
}
