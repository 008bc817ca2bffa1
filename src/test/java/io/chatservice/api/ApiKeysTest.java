package io.chatservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Not a @QuarkusTest: the keys are plain logic; the endpoints that use them test the HTTP answers. */
class ApiKeysTest {

    private final ApiKeys keys = new ApiKeys(List.of("first-key-0123456789", " second-key-0123456789 "));

    @Test
    void withNoKeySetEveryCallIsRefusedAs403() {
        ApiKeys none = new ApiKeys(List.of());
        assertFalse(none.configured());
        ApiRefusal refusal = assertThrows(ApiRefusal.class, () -> none.require("Bearer anything"));
        assertEquals(403, refusal.status());
        assertEquals("API_DISABLED", refusal.code());
    }

    @Test
    void aSetKeyIsAcceptedAndNamedByAnIdThatIsNotTheKey() {
        assertTrue(keys.configured());
        String id = keys.require("Bearer second-key-0123456789");
        assertEquals(8, id.length());
        assertFalse("second-key-0123456789".contains(id));
        assertEquals(id, keys.require("bearer second-key-0123456789"), "the scheme is case-insensitive");
    }

    @Test
    void aCallerOverItsRateIsRefusedAs429WithRetryAfterWhileAnotherCallerIsNot() {
        ApiKeys limited = new ApiKeys(List.of("first-key-0123456789", "second-key-0123456789"), null, null, "groups",
                new io.chatservice.limits.CallerRates(0.01, 2), null);
        limited.require("Bearer first-key-0123456789");
        limited.require("Bearer first-key-0123456789");

        ApiRefusal refusal = assertThrows(ApiRefusal.class, () -> limited.require("Bearer first-key-0123456789"));

        assertEquals(429, refusal.status());
        assertEquals("RATE_LIMITED", refusal.code());
        assertTrue(refusal.retryAfterSeconds() >= 1, "" + refusal.retryAfterSeconds());
        limited.require("Bearer second-key-0123456789");
    }

    @Test
    void onlyASetKeyIsPresentedAsAKey() {
        assertTrue(keys.presentsKey("Bearer first-key-0123456789"));
        assertFalse(keys.presentsKey("Bearer first-key-012345678"));
        assertFalse(keys.presentsKey("Basic first-key-0123456789"));
        assertFalse(keys.presentsKey(null));
    }

    @Test
    void aMissingOrUnknownKeyIsRefusedAs401() {
        assertEquals("API_KEY_REQUIRED", assertThrows(ApiRefusal.class, () -> keys.require(null)).code());
        assertEquals("API_KEY_REQUIRED", assertThrows(ApiRefusal.class, () -> keys.require("Basic abc")).code());
        ApiRefusal wrong = assertThrows(ApiRefusal.class, () -> keys.require("Bearer first-key-012345678"));
        assertEquals(401, wrong.status());
        assertEquals("API_KEY_INVALID", wrong.code());
    }
}
