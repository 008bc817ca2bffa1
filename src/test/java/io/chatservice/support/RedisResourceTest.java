package io.chatservice.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.chatservice.config.BrokerKind;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The service under test talks to the Redis that {@link RedisResource} started, and the test reaches it too. */
@QuarkusTest
@WithTestResource(RedisResource.class)
class RedisResourceTest {

    /** Through {@code Instance}, for the reason {@link RedisResource} gives. */
    @Inject
    Instance<RedisDataSource> redis;

    @ConfigProperty(name = "chat.broker")
    BrokerKind broker;

    @Test
    void whatTheServiceWritesIsInTheTestsRedis() {
        redis.get().value(String.class).set("resource-probe", "written by the service");

        assertEquals("written by the service", RedisResource.server().cli("GET", "resource-probe"));
        assertEquals(BrokerKind.REDIS, broker);
    }
}
