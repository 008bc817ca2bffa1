package io.chatservice.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.chatservice.config.ChatConfig;

/** What the start-up checks of {@code chat.webhooks.*}: a url needs a secret and must be http(s). */
class WebhookSettingsTest {

    private static ChatConfig.Webhooks settings(String url, String secret) {
        return new ChatConfig.Webhooks() {
            @Override
            public Optional<String> url() {
                return Optional.ofNullable(url);
            }

            @Override
            public Optional<String> secret() {
                return Optional.ofNullable(secret);
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int maxAttempts() {
                return 8;
            }

            @Override
            public Duration backoff() {
                return Duration.ofSeconds(1);
            }

            @Override
            public int maxPending() {
                return 10000;
            }

            @Override
            public int maxInFlight() {
                return 16;
            }

            @Override
            public Duration shutdownGrace() {
                return Duration.ofSeconds(2);
            }
        };
    }

    @Test
    void withoutAUrlNothingIsSentAndNoSecretIsNeeded() {
        assertNull(Webhooks.checkedUrl(settings(null, null)));
    }

    @Test
    void aUrlWithoutASecretStopsTheStartSayingWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Webhooks.checkedUrl(settings("https://backend.example.com/hooks", null)));
        assertTrue(e.getMessage().contains("chat.webhooks.secret"), e.getMessage());
    }

    @Test
    void aUrlThatIsNotHttpStopsTheStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Webhooks.checkedUrl(settings("backend.example.com/hooks", "s3cret")));
        assertTrue(e.getMessage().contains("http"), e.getMessage());
    }

    @Test
    void aUrlWithASecretIsTaken() {
        assertEquals("https://backend.example.com/hooks",
                Webhooks.checkedUrl(settings("https://backend.example.com/hooks", "s3cret")));
    }
}
