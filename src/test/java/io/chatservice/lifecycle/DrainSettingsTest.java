package io.chatservice.lifecycle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.chatservice.config.ChatConfig;
import io.smallrye.config.WithDefault;

/**
 * The packaged settings keep the drain's rule: the shutdown delay, during which the node is not ready and sends its
 * clients away, covers the drain window and a second more, so that the last batch leaves before the server stops.
 */
class DrainSettingsTest {

    @Test
    void theShutdownDelayCoversTheDrainWindowAndASecond() throws IOException, NoSuchMethodException {
        Properties properties = new Properties();
        try (InputStream in = DrainSettingsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String window = properties.getProperty("chat.drain.window", // as packaged: not the %test one
                ChatConfig.Drain.class.getMethod("window").getAnnotation(WithDefault.class).value());
        Duration delay = parse(properties.getProperty("quarkus.shutdown.delay"));

        assertTrue(delay.compareTo(parse(window).plusSeconds(1)) >= 0,
                "delay " + delay + " must cover the window " + window + " and a second");
    }

    private static Duration parse(String value) {
        String v = value.trim();
        return v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)))
                : Duration.parse("PT" + v.toUpperCase());
    }
}
