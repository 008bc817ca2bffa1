package io.chatservice.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** The names {@link PromQlNames} reads out of PromQL: the metrics, and nothing that only looks like one. */
class PromQlNamesTest {

    @Test
    void findsTheMetricsOfAnAggregationOverARate() {
        assertEquals(Set.of("chat_refusals_total"), PromQlNames.in(
                "sum by (reason) (rate(chat_refusals_total{instance=~\"$instance\"}[$__rate_interval]))"));
    }

    @Test
    void findsBothSidesOfABinaryOperationAndLeavesItsMatchingLabels() {
        assertEquals(Set.of("chat_mailbox_memory_bytes", "chat_mailbox_memory_limit_bytes"),
                PromQlNames.in("chat_mailbox_memory_bytes / on (instance) group_left (job)"
                        + " (chat_mailbox_memory_limit_bytes > 0) > bool 0.9"));
    }

    @Test
    void leavesLabelNamesValuesDurationsNumbersAndOffsetsOut() {
        assertEquals(Set.of("jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_count"),
                PromQlNames.in("sum without (action, cause) (rate(jvm_gc_pause_seconds_sum{area=\"heap\","
                        + " gc!~'G1.*'}[5m] offset 1h)) / ignoring(le)"
                        + " sum(rate(jvm_gc_pause_seconds_count[1h:5m])) by (instance) * 1e3"));
    }

    @Test
    void readsTheQuantileSummaryAndBucketNamesAsWritten() {
        assertEquals(Set.of("chat_delivery_latency_seconds", "http_server_requests_seconds_bucket"),
                PromQlNames.in("max(chat_delivery_latency_seconds{quantile=\"0.99\"}) or histogram_quantile(0.99,"
                        + " sum by (le) (rate(http_server_requests_seconds_bucket[5m])))"));
    }

    @Test
    void readsAGrafanaVariableQueryAsItsMetric() {
        assertEquals(Set.of("chat_connections"),
                PromQlNames.in("label_values(chat_connections{job=\"chat\"}, instance)"));
    }

    @Test
    void aBareSelectorIsItsOwnName() {
        assertEquals(Set.of("up"), PromQlNames.in("up{job=\"chat\"} == 0"));
    }
}
