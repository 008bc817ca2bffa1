package io.chatservice.identity;

import java.util.Map;

/** {@code jwt} mode with the name taken from the {@code preferred_username} claim, as Keycloak issues it. */
public class PreferredUsernameProfile extends TokenProfile {

    public static final String NAME_CLAIM = "preferred_username";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = super.getConfigOverrides();
        config.put("chat.identity.name-claim", NAME_CLAIM);
        return config;
    }
}
