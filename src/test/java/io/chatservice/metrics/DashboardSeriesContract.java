package io.chatservice.metrics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.support.Scrape;

/**
 * Every series the Grafana dashboard and the Prometheus alerts of docker/monitoring name is in the running service's
 * {@code /q/metrics}, spelled as the scrape spells it: a renamed meter or a typo in a query fails here instead of
 * leaving an empty panel or an alert that never fires. A few series exist with one broker only; each subclass runs
 * with one broker and leaves out those of the other, so that every name is checked by one of them.
 */
public abstract class DashboardSeriesContract {

    /** Made by Prometheus for every target, never by the target. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    /** Prefixes of the series this subclass's broker does not publish. */
    protected abstract List<String> onlyWithTheOtherBroker();

    /**
     * The series that appear with their first event: a REST request timed, and a garbage collection's pause (in this
     * JVM, which runs the service). The service's own meters are all made at start-up.
     */
    @BeforeEach
    void requestAndCollectGarbage() {
        given().when().get("/api/rooms").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (Scrape.now().names().anyMatch(name -> name.startsWith("jvm_gc_pause_seconds_count"))) {
                return true;
            }
            System.gc();
            return false;
        });
    }

    @Test
    void everySeriesTheDashboardQueriesIsPublished() {
        Set<String> names = MonitoringFiles.names(MonitoringFiles.dashboardExpressions());

        assertTrue(names.contains("chat_refusals_total") && names.contains("jvm_memory_used_bytes"), "read: " + names);
        assertEquals(Set.of(), missing(names), "named by the dashboard, absent from /q/metrics");
    }

    @Test
    void everySeriesTheAlertsWatchIsPublished() {
        Set<String> names = MonitoringFiles.names(MonitoringFiles.alertExpressions());

        assertTrue(names.contains("chat_drain_pending"), "read: " + names);
        assertEquals(Set.of(), missing(names), "named by alerts.yml, absent from /q/metrics");
    }

    @Test
    void aMisspelledNameIsFoundMissing() {
        assertEquals(Set.of("chat_refusal_total", "chat_connection"),
                missing(Set.of("chat_refusal_total", "chat_connection", "chat_refusals_total", "chat_connections")));
    }

    private Set<String> missing(Set<String> names) {
        Set<String> published = Scrape.now().names().map(DashboardSeriesContract::metricName)
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(names);
        missing.removeAll(published);
        missing.removeAll(PROMETHEUS_OWN);
        missing.removeIf(name -> onlyWithTheOtherBroker().stream().anyMatch(name::startsWith));
        return missing;
    }

    /** The metric name of a sample as printed, its labels left off. */
    private static String metricName(String sample) {
        int labels = sample.indexOf('{');
        return labels < 0 ? sample : sample.substring(0, labels);
    }
}
