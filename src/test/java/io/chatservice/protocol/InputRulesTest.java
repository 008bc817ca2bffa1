package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    // Names people cannot tell apart: each is refused, or has the form of "alice" and so is taken while alice holds it.

    @ParameterizedTest
    @ValueSource(strings = { "alice\u034f", "alice\ufe0f", "alice\u180b", "alice\u17b4", "\u3164alice",
            "alice\u115f", "ali\u1160ce", "\uffa0alice" })
    void invisibleCodePointsAreRefused(String name) {
        String problem = InputRules.nameProblem("username", name, 32);

        assertNotNull(problem, name);
        assertTrue(problem.startsWith("username must not contain invisible characters (U+"), problem);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\u0301", "\u0301\u0301\u0301", "\u0301alice", "\u0903x" })
    void aNameCannotBeginWithACombiningMark(String name) {
        assertEquals("username must begin with a letter, a digit, '_', '-' or '.', not a combining mark",
                InputRules.nameProblem("username", name, 32));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\u0430lice", "alic\u0435", "l\u043ebby", "\u03a9mega", "paypa\u04cf" })
    void mixedScriptLookAlikesAreRefused(String name) {
        String problem = InputRules.nameProblem("username", name, 32);

        assertNotNull(problem, name);
        assertTrue(problem.startsWith("username mixes scripts ("), problem);
    }

    @Test
    void theReasonNamesTheMixedScripts() {
        assertEquals("room name mixes scripts (Cyrillic, Latin), which look alike: write it in one script",
                InputRules.nameProblem("room name", "l\u043ebby", 64));
    }

    @Test
    void digitsOfTwoNumberSystemsAreRefused() {
        assertEquals("username mixes digits of different number systems",
                InputRules.nameProblem("username", "\u0661\u06f2", 32));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Alice", "ALICE", "\uff41\uff4c\uff49\uff43\uff45",
            "\ud835\udc1a\ud835\udc25\ud835\udc22\ud835\udc1c\ud835\udc1e", "al\u0131ce", "a\u217cice" })
    void spellingsThatLookLikeAliceHaveItsForm(String name) {
        assertEquals(NameForms.userForm("alice"), NameForms.userForm(name));
    }

    @Test
    void nfcAndNfdSpellingsHaveOneForm() {
        assertEquals(NameForms.userForm("jos\u00e9"), NameForms.userForm("jose\u0301"));
    }

    @Test
    void wholeScriptLookAlikesHaveOneForm() {
        assertEquals(NameForms.userForm("coco"), NameForms.userForm("\u0441\u043e\u0441\u043e"));
    }

    @Test
    void namesPeopleTellApartHaveDifferentForms() {
        assertNotEquals(NameForms.userForm("alice"), NameForms.userForm("alicia"));
        assertNotEquals(NameForms.userForm("\u5c0f\u660e"), NameForms.userForm("\u5c0f\u7ea2"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice", "Alice", "\u5c0f\u660e", "jos\u00e9", "jose\u0301", "\u0418\u0432\u0430\u043d",
            "\u1f48\u03b4\u03c5\u03c3\u03c3\u03b5\u03cd\u03c2", "\u0939\u093f\u0928\u094d\u0926\u0940",
            "\u65e5\u672c\u8a9e\u30ab\u30bf\u30ab\u30ca", "\ud55c\uad6d\uc5b4", "\u5c0f\u660e_ming",
            "stra\u00dfe", "\u0645\u062d\u0645\u062f", "\u05d3\u05d5\u05d3", "bob_1", "a.b-c", "\u0661\u0662\u0663",
            "\u0e2a\u0e21\u0e0a\u0e32\u0e22" })
    void namesInOneScriptAreAccepted(String name) {
        assertNull(InputRules.nameProblem("username", name, 32));
    }

    @Test
    void aRoomIsItsFoldedName() throws ProtocolException {
        InputRules rules = new InputRules(InboundProperties.config(Map.of()));

        assertEquals("lobby", rules.checkRoom("Lobby"));
        assertEquals("lobby", rules.checkRoom("\uff4c\uff4f\uff42\uff42\uff59"));
        assertEquals("strasse", rules.checkRoom("STRA\u00dfE"));
        assertEquals("\u5c0f\u660e", rules.checkRoom("\u5c0f\u660e"));
    }

    @Test
    void aRoomWhoseFoldedNameBreaksTheRulesIsRefused() {
        InputRules rules = new InputRules(InboundProperties.config(Map.of()));

        // U+FDFA, one Arabic letter, folds to words with spaces
        ProtocolException e = assertThrows(ProtocolException.class, () -> rules.checkRoom("\ufdfa"));

        assertEquals(ErrorCode.INVALID_ROOM, e.code());
    }

    @Test
    void aLookAlikeRoomIsRefused() {
        InputRules rules = new InputRules(InboundProperties.config(Map.of()));

        ProtocolException e = assertThrows(ProtocolException.class, () -> rules.checkRoom("l\u043ebby"));

        assertEquals(ErrorCode.INVALID_ROOM, e.code());
    }
}
