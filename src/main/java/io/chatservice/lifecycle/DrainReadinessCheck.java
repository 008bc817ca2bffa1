package io.chatservice.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while draining: the load balancer stops sending new clients. */
@Readiness
@ApplicationScoped
public class DrainReadinessCheck implements HealthCheck {

    private final Drain drain;

    public DrainReadinessCheck(Drain drain) {
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chat-drain").status(!drain.isDraining()).build();
    }
}
