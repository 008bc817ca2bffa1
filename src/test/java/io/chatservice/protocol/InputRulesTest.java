package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputRulesTest {

    @ParameterizedTest
    @ValueSource(strings = { "a", "x", "€", "中", "😀", "中文 and emoji 😀👍🏽", "\uD834\uDD1E", "\uD800", "a\uDC00b",
            "\uDC00\uD800", "\uD800\u00e9" })
    void utf8LengthMatchesTheEncoder(String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, InputRules.utf8Length(text));
    }

    @Test
    void combiningMarksAreAllowedInNames() {
        assertNull(InputRules.nameProblem("username", "हिन्दी", 32));
    }

    @ParameterizedTest
    @ValueSource(strings = { ".", ".." })
    void dotNamesAreRefusedForUsersAndRooms(String name) {
        String reason = "must not be '.' or '..', which a URL path cannot hold";
        assertEquals("username " + reason, InputRules.nameProblem("username", name, 32));
        assertEquals("room name " + reason, InputRules.nameProblem("room name", name, 64));
    }

    @ParameterizedTest
    @ValueSource(strings = { "...", ".a", "a.", "a..b" })
    void otherNamesWithDotsAreAllowed(String name) {
        assertNull(InputRules.nameProblem("username", name, 32));
    }

    @ParameterizedTest
    @ValueSource(strings = { " ", "\t\n", "\u00a0", "\u3000", "\u202f", "\u2028", "\u0085 " })
    void textOfOnlyWhiteSpaceIsEmpty(String text) {
        InputRules rules = new InputRules(InboundProperties.config(Map.of()));

        ProtocolException e = assertThrows(ProtocolException.class, () -> rules.requireText(text));

        assertEquals(ErrorCode.EMPTY_TEXT, e.code());
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        assertNull(InputRules.nameProblem("username", "中".repeat(32), 32));
        assertEquals("username must be at most 32 characters", InputRules.nameProblem("username", "中".repeat(33), 32));
    }
}
