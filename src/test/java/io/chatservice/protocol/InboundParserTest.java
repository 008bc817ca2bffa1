package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain JUnit: the parser needs nothing but an ObjectMapper. */
class InboundParserTest {

    private static final Set<String> PRIVATE = Set.of("type", "from_user", "to_user", "info");

    private final InboundParser parser = new InboundParser(new ObjectMapper());

    @Test
    void readsTheSeedsPrivateObject() throws ProtocolException {
        InboundMessage message = parser.parse("{\"from_user\":\"a\",\"to_user\":\"b\",\"info\":\"hi\"}", PRIVATE);

        assertEquals("b", message.toUser());
        assertEquals("hi", message.info());
        assertNull(message.type());
        assertEquals("message", message.typeOrDefault());
    }

    @Test
    void nullFieldsCountAsAbsent() throws ProtocolException {
        InboundMessage message = parser.parse("{\"type\":null,\"to_user\":\"b\",\"info\":\"hi\"}", PRIVATE);

        assertEquals("message", message.typeOrDefault());
    }

    @Test
    void unknownFieldIsNamedInTheReason() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parser.parse("{\"info\":\"hi\",\"room\":\"x\"}", PRIVATE));

        assertEquals(ErrorCode.UNKNOWN_FIELD, e.code());
        assertTrue(e.reason().contains("'room'"), e.reason());
    }

    @Test
    void aVeryLongUnknownFieldNameIsShortenedInTheReason() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parser.parse("{\"" + "k".repeat(500) + "\":1}", PRIVATE));

        assertTrue(e.reason().length() < 80, e.reason());
    }

    @Test
    void aLoneSurrogateEscapeIsReadAsAReplacementCharacter() throws ProtocolException {
        InboundMessage message = parser.parse("{\"info\":\"\\ud800\u00e9\\udc00 \\ud83d\\ude00\"}", PRIVATE);

        assertEquals("\uFFFD\u00e9\uFFFD \uD83D\uDE00", message.info());
    }

    @Test
    void aShortenedFieldNameKeepsWholeCharacters() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parser.parse("{\"" + "k".repeat(39) + "😀😀\":1}", PRIVATE));

        assertEquals("unknown field '" + "k".repeat(39) + "😀…'", e.reason());
    }

    @Test
    void aReasonQuotingAnEmojiHasNoHalfOfIt() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> parser.parse("{\"info\":😀}", PRIVATE));

        assertEquals(ErrorCode.MALFORMED_JSON, e.code());
        assertTrue(InboundProperties.wellFormed(e.reason()), e.reason());
    }

    @Test
    void nonStringValueIsAnInvalidField() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parser.parse("{\"info\":[\"a\"]}", PRIVATE));

        assertEquals(ErrorCode.INVALID_FIELD, e.code());
    }

    @Test
    void malformedJsonSaysWhy() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> parser.parse("{\"info\":", PRIVATE));

        assertEquals(ErrorCode.MALFORMED_JSON, e.code());
        assertTrue(e.reason().startsWith("not valid JSON"), e.reason());
    }

    @Test
    void aKeyTwiceIsRefusedAndNamed() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parser.parse("{\"to_user\":\"bob\",\"info\":\"hi\",\"to_user\":\"carol\"}", PRIVATE));

        assertEquals(ErrorCode.MALFORMED_JSON, e.code());
        assertEquals("field 'to_user' appears twice", e.reason());
    }

    @Test
    void aKeyTwiceIsRefusedEvenWhenOneValueIsNull() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parser.parse("{\"info\":null,\"info\":\"hi\"}", PRIVATE));

        assertEquals(ErrorCode.MALFORMED_JSON, e.code());
        assertEquals("field 'info' appears twice", e.reason());
    }

    @Test
    void theSameKeyInsideANestedValueIsNoDuplicate() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parser.parse("{\"info\":{\"info\":1}}", PRIVATE));

        assertEquals(ErrorCode.INVALID_FIELD, e.code(), "refused for its value, not as a duplicate");
    }
}
