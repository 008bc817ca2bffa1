package io.chatservice.metrics;

import static io.chatservice.metrics.MonitoringFiles.COMPOSE;
import static io.chatservice.metrics.MonitoringFiles.DASHBOARD;
import static io.chatservice.metrics.MonitoringFiles.DASHBOARD_PROVIDERS;
import static io.chatservice.metrics.MonitoringFiles.DATASOURCES;
import static io.chatservice.metrics.MonitoringFiles.DOCKER;
import static io.chatservice.metrics.MonitoringFiles.PROMETHEUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plain JUnit: the files of docker/monitoring parse, and fit together as Prometheus, Grafana and Compose read them
 * (the series they name are checked against a running service by {@link DashboardSeriesContract}).
 */
class MonitoringFilesTest {

    @Test
    void everyPanelHasItsOwnId() {
        List<Integer> ids = MonitoringFiles.panels().stream().map(panel -> panel.path("id").asInt(-1)).toList();

        assertFalse(ids.contains(-1), "every panel has an id");
        assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate ids in " + ids);
    }

    @Test
    void noTwoPanelsOverlap() {
        List<JsonNode> panels = MonitoringFiles.panels();
        for (int i = 0; i < panels.size(); i++) {
            JsonNode a = panels.get(i).path("gridPos");
            assertTrue(a.path("x").asInt() + a.path("w").asInt() <= 24, panels.get(i).path("title") + " fits");
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode b = panels.get(j).path("gridPos");
                boolean apart = a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
                        || b.path("x").asInt() + b.path("w").asInt() <= a.path("x").asInt()
                        || a.path("y").asInt() + a.path("h").asInt() <= b.path("y").asInt()
                        || b.path("y").asInt() + b.path("h").asInt() <= a.path("y").asInt();
                assertTrue(apart, panels.get(i).path("title") + " and " + panels.get(j).path("title") + " overlap");
            }
        }
    }

    @Test
    void everyPanelQueriesTheChosenDataSourceAndNodes() {
        for (JsonNode panel : MonitoringFiles.panels()) {
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            String title = panel.path("title").asText();
            assertEquals("${datasource}", panel.at("/datasource/uid").asText(), title);
            assertFalse(panel.path("targets").isEmpty(), title + " has queries");
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertTrue(refIds.add(target.path("refId").asText()), title + ": refIds differ");
                assertTrue(target.path("expr").asText().contains("instance=~\"$instance\""),
                        title + " selects the nodes of $instance: " + target.path("expr").asText());
            }
        }
    }

    @Test
    void theDashboardChoosesItsDataSourceAndNodes() {
        Map<String, JsonNode> variables = new HashMap<>();
        MonitoringFiles.json(DASHBOARD).at("/templating/list").forEach(v -> variables.put(v.path("name").asText(), v));

        assertEquals("prometheus", variables.get("datasource").path("query").asText());
        JsonNode instance = variables.get("instance");
        assertTrue(instance.path("multi").asBoolean() && instance.path("includeAll").asBoolean(), "any nodes");
        assertEquals("chat-service", MonitoringFiles.json(DASHBOARD).path("uid").asText());
    }

    @Test
    void everyAlertWaitsHasASeverityAndSaysWhatToDo() {
        List<JsonNode> rules = MonitoringFiles.alertRules();
        Set<String> names = new HashSet<>();

        assertTrue(rules.size() >= 4, "alerts: " + rules.size());
        for (JsonNode rule : rules) {
            String name = rule.path("alert").asText();
            assertTrue(names.add(name), "alert names differ: " + name);
            assertFalse(rule.path("expr").asText().isBlank(), name + " has an expr");
            assertTrue(Duration.parse("PT" + rule.path("for").asText().toUpperCase()).toSeconds() >= 60,
                    name + " waits a minute at least before firing");
            assertTrue(Set.of("critical", "warning").contains(rule.at("/labels/severity").asText()),
                    name + " has a severity");
            assertFalse(rule.at("/annotations/summary").asText().isBlank(), name + " has a summary");
            assertTrue(rule.at("/annotations/description").asText().length() > 80, name + " says what to do");
        }
    }

    @Test
    void theAlertsOperatorsMustActOnAreThere() {
        Set<String> names = new HashSet<>();
        MonitoringFiles.alertRules().forEach(rule -> names.add(rule.path("alert").asText()));

        assertTrue(names.containsAll(Set.of("ChatRedisLinkDown", "ChatRefusalsSpiking", "ChatSlowConsumers",
                "ChatDrainStuck")), "alerts: " + names);
    }

    @Test
    void prometheusScrapesTheChatReplicasAndLoadsTheAlerts() {
        JsonNode config = MonitoringFiles.yaml(PROMETHEUS);
        JsonNode chat = null;
        for (JsonNode job : config.path("scrape_configs")) {
            if ("chat".equals(job.path("job_name").asText())) {
                chat = job;
            }
        }

        assertTrue(chat != null, "a job named chat (the alerts select it)");
        assertEquals("/q/metrics", chat.path("metrics_path").asText());
        assertEquals("chat", chat.at("/dns_sd_configs/0/names/0").asText(), "every replica of the compose service");
        assertEquals(8080, chat.at("/dns_sd_configs/0/port").asInt());
        assertEquals(List.of("/etc/prometheus/alerts.yml"), strings(config.path("rule_files")));
    }

    @Test
    void composeStartsPrometheusAndGrafanaOnlyWithTheMonitoringProfile() {
        JsonNode services = MonitoringFiles.yaml(COMPOSE).path("services");

        for (String service : List.of("prometheus", "grafana")) {
            assertEquals(List.of("monitoring"), strings(services.path(service).path("profiles")), service);
        }
        for (String service : List.of("redis", "chat", "lb")) {
            assertTrue(services.path(service).path("profiles").isMissingNode(), service + " starts without a profile");
        }
    }

    @Test
    void composeMountsTheMonitoringFilesReadOnlyWhereTheirToolsLookForThem() {
        JsonNode services = MonitoringFiles.yaml(COMPOSE).path("services");
        Map<String, String> mounts = new HashMap<>();
        for (String service : List.of("prometheus", "grafana")) {
            for (String volume : strings(services.path(service).path("volumes"))) {
                String[] parts = volume.split(":");
                if (parts[0].startsWith("./")) {
                    assertTrue(Files.exists(DOCKER.resolve(parts[0].substring(2))), volume + " exists");
                    assertEquals("ro", parts.length > 2 ? parts[2] : "", volume + " is read-only");
                    mounts.put(parts[1], parts[0]);
                }
            }
        }

        assertEquals("./monitoring/prometheus.yml", mounts.get("/etc/prometheus/prometheus.yml"));
        assertEquals("./monitoring/alerts.yml", mounts.get("/etc/prometheus/alerts.yml"));
        assertEquals("./monitoring/grafana/provisioning", mounts.get("/etc/grafana/provisioning"));
        String dashboards = MonitoringFiles.yaml(DASHBOARD_PROVIDERS).at("/providers/0/options/path").asText();
        assertEquals("./monitoring/grafana/dashboards", mounts.get(dashboards), "the provider's folder");
    }

    @Test
    void grafanaReadsThePrometheusOfTheComposeSetUp() {
        JsonNode source = MonitoringFiles.yaml(DATASOURCES).at("/datasources/0");

        assertEquals("prometheus", source.path("type").asText());
        assertEquals("http://prometheus:9090", source.path("url").asText());
        assertTrue(source.path("isDefault").asBoolean(), "the dashboard's default data source");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }
}
