package io.chatservice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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

    @BeforeAll
    static void readManifests() throws IOException {
        JsonNode list = new ObjectMapper().readTree(Path.of("target", "kubernetes", "kubernetes.json").toFile());
        for (JsonNode item : list) {
            switch (item.get("kind").asText()) {
                case "Deployment" -> deployment = item;
                case "Service" -> service = item;
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
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(var -> env.put(var.get("name").asText(), var.path("value").asText()));

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
    void aRolloutNeverTakesTheOnlyInstanceAwayFirst() {
        assertEquals(1, deployment.at("/spec/replicas").asInt());
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals("0", deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asText());
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
