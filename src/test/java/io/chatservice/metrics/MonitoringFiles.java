package io.chatservice.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The monitoring set-up of docker/monitoring and docker/compose.yml, read as the tools that use them read them. */
final class MonitoringFiles {

    static final Path DOCKER = Path.of("docker");
    static final Path MONITORING = DOCKER.resolve("monitoring");
    static final Path DASHBOARD = MONITORING.resolve("grafana/dashboards/chat-service.json");
    static final Path ALERTS = MONITORING.resolve("alerts.yml");
    static final Path PROMETHEUS = MONITORING.resolve("prometheus.yml");
    static final Path DATASOURCES = MONITORING.resolve("grafana/provisioning/datasources/prometheus.yml");
    static final Path DASHBOARD_PROVIDERS = MONITORING.resolve("grafana/provisioning/dashboards/chat-service.yml");
    static final Path COMPOSE = DOCKER.resolve("compose.yml");

    private MonitoringFiles() {
    }

    static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel of the dashboard, those inside collapsed rows too, rows included. */
    static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json(DASHBOARD).path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** The PromQL of every panel's queries and of the dashboard's query variables. */
    static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        for (JsonNode variable : json(DASHBOARD).at("/templating/list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                expressions.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        return expressions;
    }

    /** Every alerting rule of alerts.yml. */
    static List<JsonNode> alertRules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : yaml(ALERTS).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    static List<String> alertExpressions() {
        return alertRules().stream().map(rule -> rule.path("expr").asText()).toList();
    }

    static Set<String> names(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        expressions.forEach(expression -> names.addAll(PromQlNames.in(expression)));
        return names;
    }
}
