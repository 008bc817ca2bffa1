package io.chatservice.broker;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.chatservice.cluster.ClusterNode;
import io.chatservice.cluster.redis.RedisAddressClaims;
import io.chatservice.cluster.redis.RedisBlocks;
import io.chatservice.cluster.redis.RedisDelivery;
import io.chatservice.cluster.redis.RedisFriends;
import io.chatservice.cluster.redis.RedisHistory;
import io.chatservice.cluster.redis.RedisLastSeen;
import io.chatservice.cluster.redis.RedisMailboxes;
import io.chatservice.cluster.redis.RedisModeration;
import io.chatservice.cluster.redis.RedisNames;
import io.chatservice.cluster.redis.RedisPeers;
import io.chatservice.cluster.redis.RedisPresence;
import io.chatservice.cluster.redis.RedisUserBudget;
import io.chatservice.config.BrokerKind;
import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.core.Blocks;
import io.chatservice.core.ChatEvents;
import io.chatservice.core.Delivery;
import io.chatservice.core.Friends;
import io.chatservice.core.HistoryReads;
import io.chatservice.core.Peers;
import io.chatservice.core.Presence;
import io.chatservice.core.Sanctions;
import io.chatservice.delivery.LocalFanout;
import io.chatservice.identity.AddressClaims;
import io.chatservice.identity.LastSeen;
import io.chatservice.identity.NameHolds;
import io.chatservice.identity.Names;
import io.chatservice.limits.SharedUserBudget;
import io.chatservice.mailbox.Mailboxes;
import io.chatservice.memory.InMemoryDelivery;
import io.chatservice.memory.LocalAddressClaims;
import io.chatservice.memory.LocalLastSeen;
import io.chatservice.memory.LocalNames;
import io.chatservice.memory.LocalPeers;
import io.chatservice.memory.LocalPresence;
import io.chatservice.memory.MemoryBlocks;
import io.chatservice.memory.MemoryFriends;
import io.chatservice.memory.MemoryHistory;
import io.chatservice.memory.MemoryMailboxes;
import io.chatservice.moderation.MemoryModeration;
import io.chatservice.moderation.ModerationStore;
import io.chatservice.registry.ConnectionRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The one place where {@code chat.broker} chooses, at start-up, what the endpoints talk to: this process alone, or
 * Redis. The Redis beans are looked up only when chosen, so that the memory broker needs no Redis address (the
 * Redis extension fails the start of an application that injects a client it has no hosts for).
 */
@Singleton
public class ClusterBeans {

    @Produces
    @Singleton
    Presence presence(ChatConfig config, ConnectionRegistry registry, ClusterNode node,
            Instance<RedisPresence> redis, ChatEvents events) {
        return redis(config) ? redis.get() : new LocalPresence(registry, node, events);
    }

    @Produces
    @Singleton
    Delivery delivery(ChatConfig config, LocalFanout fanout, Instance<MemoryHistory> memory,
            Instance<MemoryMailboxes> mailboxes, Instance<RedisDelivery> redis) {
        return redis(config) ? redis.get() : new InMemoryDelivery(fanout, memory.get(), mailboxes.get());
    }

    @Produces
    @Singleton
    Mailboxes mailboxes(ChatConfig config, Instance<MemoryMailboxes> memory, Instance<RedisMailboxes> redis) {
        return redis(config) ? redis.get() : memory.get();
    }

    @Produces
    @Singleton
    Friends friends(ChatConfig config, Instance<MemoryFriends> memory, Instance<RedisFriends> redis) {
        return redis(config) ? redis.get() : memory.get();
    }

    @Produces
    @Singleton
    Blocks blocks(ChatConfig config, Instance<MemoryBlocks> memory, Instance<RedisBlocks> redis) {
        return redis(config) ? redis.get() : memory.get();
    }

    @Produces
    @Singleton
    LastSeen lastSeen(ChatConfig config, Instance<RedisLastSeen> redis) {
        return redis(config) ? redis.get() : new LocalLastSeen(config.offline().retention());
    }

    /** This process's memory, or Redis Streams with {@code chat.broker=redis}. */
    @Produces
    @Singleton
    HistoryReads history(ChatConfig config, Instance<MemoryHistory> memory, Instance<RedisHistory> redis) {
        return redis(config) ? redis.get() : memory.get();
    }

    @Produces
    @Singleton
    Names names(ChatConfig config, NameHolds holds, Instance<RedisNames> redis) {
        return redis(config) ? redis.get() : new LocalNames(holds);
    }

    @Produces
    @Singleton
    Peers peers(ChatConfig config, NameHolds holds, Instance<RedisPeers> redis) {
        return redis(config) ? redis.get()
                : new LocalPeers(holds, config.identity().mode() == IdentityMode.JWT, config.history().ttl().toNanos());
    }

    /** Claims per address per day: counted in this process, or over the cluster in Redis. */
    @Produces
    @Singleton
    AddressClaims addressClaims(ChatConfig config, Instance<RedisAddressClaims> redis) {
        return redis(config) ? redis.get() : new LocalAddressClaims(config.limits().claimsPerAddress());
    }

    /** Bans and mutes: this process's alone, or kept in Redis and told to every node. */
    @Produces
    @Singleton
    ModerationStore moderation(ChatConfig config, Sanctions sanctions, Instance<RedisModeration> redis) {
        return redis(config) ? redis.get() : new MemoryModeration(sanctions);
    }

    /** Null in memory, where a user's budget is kept in the name's hold. */
    @Produces
    @Dependent
    SharedUserBudget sharedUserBudget(ChatConfig config, Instance<RedisUserBudget> redis) {
        return redis(config) ? redis.get() : null;
    }

    /**
     * A node on Redis heartbeats and reaps from its start, not from its first connection: it is made here, and
     * with it the links it needs; so is its view of the cluster's bans and mutes, read as it starts.
     */
    void startEarly(@Observes StartupEvent event, ChatConfig config, Presence presence, Names names,
            Delivery delivery, ModerationStore moderation) {
    }

    private static boolean redis(ChatConfig config) {
        return config.broker() == BrokerKind.REDIS;
    }
}
