package io.chatservice.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/** While the service drains, a new WebSocket gets 503 so that its client tries again elsewhere. */
@ApplicationScoped
public class DrainingUpgradeCheck implements HttpUpgradeCheck {

    private static final int SERVICE_UNAVAILABLE = 503;

    private final Drain drain;

    public DrainingUpgradeCheck(Drain drain) {
        this.drain = drain;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return drain.isDraining() ? CheckResult.rejectUpgrade(SERVICE_UNAVAILABLE) : CheckResult.permitUpgrade();
    }
}
