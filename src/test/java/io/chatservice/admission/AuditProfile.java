package io.chatservice.admission;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The audit log at DEBUG, for {@code AuditLogTest}; also server API keys and a small per-caller rate, for the server
 * API's tests ({@code rest.PostMessagesTest}, the {@code moderation} tests with a key and a longest ban of their own),
 * whose calls are audited: one application for all of them.
 */
public class AuditProfile implements QuarkusTestProfile {

    public static final String API_KEY = "backend-key-for-the-tests";
    /** A second caller, whose budget the rate test spends; the first one's burst covers every other test's calls. */
    public static final String OTHER_KEY = "other-backend-key-for-the-tests";
    public static final int API_BURST = 200;
    /** The moderation tests' caller, with a budget of its own. */
    public static final String MODERATION_KEY = "moderation-key-for-the-tests";
    public static final String MAX_BAN = "30d";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.log.category.\"io.chatservice.audit\".level", "DEBUG",
                "chat.api.keys", API_KEY + "," + OTHER_KEY + "," + MODERATION_KEY,
                "chat.api.rate", "1", "chat.api.burst", Integer.toString(API_BURST),
                "chat.moderation.max-ban", MAX_BAN);
    }
}
