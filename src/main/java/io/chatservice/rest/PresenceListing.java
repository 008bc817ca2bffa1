package io.chatservice.rest;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.admission.Admission;
import io.chatservice.api.ApiKeys;
import io.chatservice.config.ChatConfig;

/**
 * Who may list who is online over REST ({@code chat.presence.public}): anyone, or, when presence is not public, only
 * a caller with a server API key (the application's backend, an operator).
 */
@Singleton
public class PresenceListing {

    private static final Logger LOG = Logger.getLogger(Admission.AUDIT);

    private final boolean open;
    private final ApiKeys keys;

    public PresenceListing(ChatConfig config, ApiKeys keys) {
        this.open = config.presence().isPublic();
        this.keys = keys;
    }

    public boolean isPublic() {
        return open;
    }

    /**
     * @param authorization the request's {@code Authorization} header
     * @throws io.chatservice.api.ApiRefusal 401 or 403 when presence is not public and the header has no valid key
     */
    public void check(String authorization, String what) {
        if (!open) {
            String key = keys.require(authorization);
            LOG.debugf("%s listed with API key %s", what, key);
        }
    }
}
