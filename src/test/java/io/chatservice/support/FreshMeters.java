package io.chatservice.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Empties Micrometer's global registry when a test application stops, as Quarkus does itself in dev mode only. The
 * test applications of a run share the JVM, and with it that registry: without this, a gauge of the next application
 * would be the previous one's, still reading (weakly) the stopped application's objects, and would read 0, NaN, or
 * vanish from {@code /q/metrics} once they are collected.
 */
@Singleton
public class FreshMeters {

    void clear(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) ShutdownEvent event) {
        for (Meter meter : Metrics.globalRegistry.getMeters()) {
            Metrics.globalRegistry.remove(meter);
        }
    }
}
