package io.chatservice.registry;

import jakarta.enterprise.event.Event;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.CloseReason;

/** Closes a connection the service gives up on, once, and has its channel forget it at once. */
@Singleton
public class Evictions {

    private static final Logger LOG = Logger.getLogger(Evictions.class);

    private final Event<SessionEvicted> evicted;

    public Evictions(Event<SessionEvicted> evicted) {
        this.evicted = evicted;
    }

    public void evict(ChatSession session, int code, String reason) {
        if (!session.markClosing()) {
            return;
        }
        LOG.infof("closing %s with %d: %s", session, code, reason);
        session.connection().close(new CloseReason(code, reason)).subscribe().with(done -> {
        }, failure -> LOG.debugf("closing %s failed: %s", session, failure.getMessage()));
        evicted.fire(new SessionEvicted(session));
    }
}
