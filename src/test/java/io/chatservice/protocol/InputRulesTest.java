package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputRulesTest {

    @ParameterizedTest
    @ValueSource(strings = { "a", "x", "€", "中", "😀", "中文 and emoji 😀👍🏽", "\uD834\uDD1E" })
    void utf8LengthMatchesTheEncoder(String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, InputRules.utf8Length(text));
    }

    @Test
    void combiningMarksAreAllowedInNames() {
        assertNull(InputRules.nameProblem("username", "हिन्दी", 32));
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        assertNull(InputRules.nameProblem("username", "中".repeat(32), 32));
        assertEquals("username must be at most 32 characters", InputRules.nameProblem("username", "中".repeat(33), 32));
    }
}
