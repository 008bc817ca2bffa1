package io.chatservice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the manifests the build generated (target/kubernetes/kubernetes.json, the same resources as the .yml), so a
 * configuration change cannot silently break the deployment. An IT because the manifests exist only after package.
 */
class KubernetesManifestIT {

    private static JsonNode deployment;
    private static JsonNode container;
    private static JsonNode service;
    private static JsonNode redis;
    private static JsonNode redisService;

    @BeforeAll
    static void readManifests() throws IOException {
        JsonNode list = new ObjectMapper().readTree(Path.of("target", "kubernetes", "kubernetes.json").toFile());
        for (JsonNode item : list) {
            String name = item.at("/metadata/name").asText();
            switch (item.get("kind").asText() + "/" + name) {
                case "Deployment/chat-service" -> deployment = item;
                case "Service/chat-service" -> service = item;
                case "StatefulSet/redis" -> redis = item;
                case "Service/redis" -> redisService = item;
                default -> {
                }
            }
        }
        container = deployment.at("/spec/template/spec/containers/0");
    }

    @Test
    void probesUseSmallRyeHealth() {
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
        assertEquals(8080, container.at("/readinessProbe/httpGet/port").asInt());
    }

    @Test
    void theWebSocketPortIsExposedByTheService() {
        assertEquals(8080, container.at("/ports/0/containerPort").asInt());
        assertEquals(8080, service.at("/spec/ports/0/targetPort").asInt());
        assertEquals("http", service.at("/spec/ports/0/name").asText());
    }

    /** Behind the ingress, each client counts against the per-address limits by its own address. */
    @Test
    void clientAddressesAreTakenFromTheIngressOnly() {
        Map<String, String> env = env();

        assertEquals("true", env.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"));
        assertEquals("true", env.get("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED"));
        String trusted = env.getOrDefault("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "");
        assertFalse(trusted.isBlank(), "forwarded headers are trusted from listed peers only");
        assertFalse(trusted.contains("0.0.0.0/0"), "not from anyone");
    }

    @Test
    void resourcesAreRequestedAndLimited() {
        JsonNode resources = container.get("resources");
        for (String key : new String[] { "/requests/cpu", "/requests/memory", "/limits/cpu", "/limits/memory" }) {
            assertFalse(resources.at(key).isMissingNode(), "resources" + key);
        }
    }

    @Test
    void theGracePeriodOutlastsTheDrain() throws IOException {
        long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        Properties properties = new Properties();
        try (InputStream in = KubernetesManifestIT.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        Duration delay = Duration.parse("PT" + properties.getProperty("quarkus.shutdown.delay"));
        Duration timeout = Duration.parse("PT" + properties.getProperty("quarkus.shutdown.timeout"));
        assertTrue(grace > delay.plus(timeout).toSeconds(),
                "grace " + grace + "s must outlast delay " + delay + " + timeout " + timeout);
    }

    @Test
    void aRolloutNeverTakesAnInstanceAwayFirst() {
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals("0", deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asText());
    }

    /** Two replicas are one chat service only through the Redis broker, at the address of the Redis Service. */
    @Test
    void thePodsShareTheRedisBroker() {
        Map<String, String> env = env();

        assertEquals("redis", env.get("CHAT_BROKER"));
        assertEquals("redis://redis:6379", env.get("QUARKUS_REDIS_HOSTS"));
        assertFalse(env.containsKey("CHAT_CLUSTER_NODE_ID"), "each pod is named after its pod name, not a fixed id");
        assertTrue(service.at("/spec/sessionAffinity").isMissingNode()
                || "None".equals(service.at("/spec/sessionAffinity").asText()), "no sticky sessions are needed");
    }

    @Test
    void redisIsOneReplicaWithItsAppendOnlyFileOnAVolume() {
        assertNotNull(redis, "a StatefulSet named redis");
        assertEquals(1, redis.at("/spec/replicas").asInt());
        JsonNode redisContainer = redis.at("/spec/template/spec/containers/0");
        assertTrue(redisContainer.at("/image").asText().contains("redis:7"), "Redis 7: " + redisContainer.at("/image"));

        List<String> args = new ArrayList<>();
        redisContainer.path("command").forEach(arg -> args.add(arg.asText()));
        redisContainer.path("args").forEach(arg -> args.add(arg.asText()));
        int appendonly = args.indexOf("--appendonly");
        assertTrue(appendonly >= 0 && "yes".equals(args.get(appendonly + 1)), "--appendonly yes in " + args);
        int maxmemory = args.indexOf("--maxmemory");
        assertTrue(maxmemory >= 0 && !args.get(maxmemory + 1).isEmpty(), "a --maxmemory in " + args);
        int policy = args.indexOf("--maxmemory-policy");
        assertTrue(policy >= 0 && "noeviction".equals(args.get(policy + 1)), "--maxmemory-policy noeviction in " + args);

        JsonNode claim = redis.at("/spec/volumeClaimTemplates/0");
        String volume = claim.at("/metadata/name").asText();
        assertFalse(claim.at("/spec/resources/requests/storage").asText().isEmpty(), "the claim requests storage");
        JsonNode mount = redisContainer.at("/volumeMounts/0");
        assertEquals(volume, mount.at("/name").asText(), "the container mounts the claimed volume");
        assertEquals("/data", mount.at("/mountPath").asText(), "where the image keeps its append-only file");

        String probe = redisContainer.at("/readinessProbe/exec/command").toString();
        assertTrue(probe.contains("redis-cli") && probe.contains("ping"), "readiness probe " + probe);
    }

    @Test
    void theRedisServiceSelectsTheRedisPodOnItsPort() {
        assertNotNull(redisService, "a Service named redis, the host of QUARKUS_REDIS_HOSTS");
        assertEquals(6379, redisService.at("/spec/ports/0/port").asInt());
        JsonNode selector = redisService.at("/spec/selector");
        JsonNode podLabels = redis.at("/spec/template/metadata/labels");
        assertTrue(selector.isObject() && !selector.isEmpty(), "selector " + selector);
        selector.fields().forEachRemaining(label -> assertEquals(label.getValue(), podLabels.get(label.getKey()),
                "the Redis pod carries the Service's label " + label.getKey()));
        assertEquals("redis", selector.path("app.kubernetes.io/name").asText(), "not the chat pods: " + selector);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(var -> env.put(var.get("name").asText(), var.path("value").asText()));
        return env;
    }

    @Test
    void theSelectorSurvivesAVersionChange() {
        JsonNode selector = deployment.at("/spec/selector/matchLabels");
        assertTrue(selector.isObject() && !selector.isEmpty(), "the Deployment selects its pods by labels: " + selector);
        assertTrue(selector.has("app.kubernetes.io/name"), "selector " + selector);
        assertFalse(selector.has("app.kubernetes.io/version"), "selector " + selector);

        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        selector.fields().forEachRemaining(label -> assertEquals(label.getValue(), podLabels.get(label.getKey()),
                "the pod template carries the selector's label " + label.getKey()));
    }
}
