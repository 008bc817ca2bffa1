package io.chatservice.cluster.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A throwaway Redis Cluster of three masters, with the API of {@code io.chatservice.support.RedisCluster} (branch
 * redis-test-infra), which replaces it once merged.
 */
final class TestRedisCluster implements AutoCloseable {

    private final List<TestRedis> nodes;

    private TestRedisCluster(List<TestRedis> nodes) {
        this.nodes = nodes;
    }

    static TestRedisCluster start() {
        List<TestRedis> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(TestRedis.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000"));
        }
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        nodes.get(0).cli(create.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok")));
        return new TestRedisCluster(nodes);
    }

    String hosts() {
        return nodes.stream().map(TestRedis::uri).collect(Collectors.joining(","));
    }

    List<TestRedis> nodes() {
        return nodes;
    }

    void stop() {
        nodes.forEach(TestRedis::stop);
    }

    @Override
    public void close() {
        stop();
    }
}
