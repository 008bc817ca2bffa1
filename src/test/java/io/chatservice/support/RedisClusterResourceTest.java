package io.chatservice.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The service under test is a cluster client of the three masters that {@link RedisClusterResource} started. */
@Tag("cluster")
@QuarkusTest
@WithTestResource(RedisClusterResource.class)
class RedisClusterResourceTest {

    /** Through {@code Instance}, for the reason {@link RedisResource} gives. */
    @Inject
    Instance<RedisDataSource> redis;

    @Test
    void keysTheServiceWritesAreSpreadOverEveryMaster() {
        ValueCommands<String, String> values = redis.get().value(String.class);
        for (int i = 0; i < 30; i++) {
            values.set("cluster-probe-" + i, "v");
        }

        for (RedisServer node : RedisClusterResource.cluster().nodes()) {
            int keys = Integer.parseInt(node.cli("DBSIZE"));
            assertTrue(keys > 0, "master on port " + node.port() + " holds none of the keys");
        }
    }
}
