package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** Bad input gets an error frame with a code and a reason; the connection and everyone else go on. */
@QuarkusTest
class MalformedInputTest extends ChatTestBase {

    static Stream<Arguments> badGroupFrames() {
        return Stream.of(
                Arguments.of("not json at all", "MALFORMED_JSON"),
                Arguments.of("{\"info\": \"unterminated", "MALFORMED_JSON"),
                Arguments.of("[\"an\", \"array\"]", "MALFORMED_JSON"),
                Arguments.of("\"a string\"", "MALFORMED_JSON"),
                Arguments.of("{\"info\":\"hi\"} trailing", "MALFORMED_JSON"),
                Arguments.of("", "MALFORMED_JSON"),
                Arguments.of("{\"info\":\"hi\",\"colour\":\"red\"}", "UNKNOWN_FIELD"),
                Arguments.of("{\"to_user\":\"bob\",\"info\":\"hi\"}", "UNKNOWN_FIELD"),
                Arguments.of("{\"info\":42}", "INVALID_FIELD"),
                Arguments.of("{\"info\":{\"nested\":true}}", "INVALID_FIELD"),
                Arguments.of("{\"type\":\"shout\",\"info\":\"hi\"}", "UNKNOWN_TYPE"),
                Arguments.of("{\"from_user\":\"x\"}", "EMPTY_TEXT"),
                Arguments.of("{\"info\":\"\"}", "EMPTY_TEXT"),
                Arguments.of("{\"info\":\"   \\n\"}", "EMPTY_TEXT"),
                Arguments.of("{\"info\":\"" + "x".repeat(4097) + "\"}", "TEXT_TOO_LONG"),
                Arguments.of("{\"info\":\"" + "中".repeat(1366) + "\"}", "TEXT_TOO_LONG"),
                Arguments.of("{\"room\":\"not-joined\",\"info\":\"hi\"}", "NOT_IN_ROOM"),
                Arguments.of("{\"type\":\"join\"}", "INVALID_ROOM"),
                Arguments.of("{\"type\":\"join\",\"room\":\"<b>\"}", "INVALID_ROOM"),
                Arguments.of("{\"type\":\"leave\",\"room\":\"not-joined\"}", "NOT_IN_ROOM"),
                Arguments.of("{\"type\":\"typing\",\"room\":\"not-joined\"}", "NOT_IN_ROOM"),
                Arguments.of("{\"type\":\"typing\"}", "INVALID_ROOM"),
                Arguments.of("{\"type\":\"typing\",\"room\":\"<b>\"}", "INVALID_ROOM"),
                Arguments.of("{\"type\":\"typing\",\"to_user\":\"bob\"}", "UNKNOWN_FIELD"));
    }

    @ParameterizedTest
    @MethodSource("badGroupFrames")
    void badGroupFrameGetsAnErrorAndTheConnectionGoesOn(String frame, String code) {
        String room = unique("room");
        ChatClient a = group(unique("alice"), room);
        ChatClient b = group(unique("bob"), room);

        a.send(frame);

        JsonObject error = a.awaitError(code);
        assertNotNull(error.getString("info"), "a readable reason");
        a.send(say("still working"));
        assertEquals("still working", b.nextMessage().getString("info"));
        assertFalse(a.isClosed());
    }

    static Stream<Arguments> badPrivateFrames() {
        return Stream.of(
                Arguments.of("{\"info\":\"to whom?\"}", "MISSING_RECIPIENT"),
                Arguments.of("{\"to_user\":\"\",\"info\":\"hi\"}", "MISSING_RECIPIENT"),
                Arguments.of("{\"to_user\":\"<img src=x>\",\"info\":\"hi\"}", "INVALID_USERNAME"),
                Arguments.of("{\"to_user\":\"bob\",\"room\":\"lobby\",\"info\":\"hi\"}", "UNKNOWN_FIELD"),
                Arguments.of("{\"type\":\"join\",\"to_user\":\"bob\"}", "UNKNOWN_TYPE"),
                Arguments.of("{\"to_user\":\"bob\"}", "EMPTY_TEXT"),
                Arguments.of("{\"type\":\"typing\"}", "MISSING_RECIPIENT"),
                Arguments.of("{\"type\":\"typing\",\"to_user\":\"<b>\"}", "INVALID_USERNAME"),
                Arguments.of("{\"type\":\"typing\",\"room\":\"lobby\"}", "UNKNOWN_FIELD"),
                Arguments.of("{oops}", "MALFORMED_JSON"));
    }

    @ParameterizedTest
    @MethodSource("badPrivateFrames")
    void badPrivateFrameGetsAnErrorAndTheConnectionGoesOn(String frame, String code) {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);

        a.send(frame);

        a.awaitError(code);
        a.send(tell(bob, "still working"));
        assertEquals("still working", b.nextMessage().getString("info"));
    }

    @Test
    void aPrivateMessageNamingTwoAddresseesReachesNeither() {
        String alice = unique("alice"), bob = unique("bob"), carol = unique("carol");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        ChatClient c = direct(carol);

        a.send("{\"to_user\":\"" + bob + "\",\"info\":\"for whom?\",\"to_user\":\"" + carol + "\"}");

        JsonObject error = a.awaitError("MALFORMED_JSON");
        assertEquals("field 'to_user' appears twice", error.getString("info"));
        a.send(tell(carol, "still working"));
        assertEquals("still working", c.nextMessage().getString("info"), "carol never got the refused one");
        b.assertNothingMatching(f -> "message".equals(f.getString("type")), java.time.Duration.ofMillis(300));
    }

    @Test
    void textAtTheLimitIsAccepted() {
        String room = unique("room");
        ChatClient a = group(unique("alice"), room);

        a.send(say("x".repeat(4096)));

        assertEquals(4096, a.nextMessage().getString("info").length());
    }

    @Test
    void binaryFrameGetsAnErrorAndTheConnectionGoesOn() {
        String room = unique("room");
        ChatClient a = group(unique("alice"), room);

        a.sendBinary(new byte[] { 1, 2, 3 });

        a.awaitError("BINARY_NOT_SUPPORTED");
        a.send(say("still working"));
        assertEquals("still working", a.nextMessage().getString("info"));
    }

    @Test
    void frameAboveTheHardLimitClosesOnlyThatConnection() {
        String room = unique("room");
        ChatClient a = group(unique("alice"), room);
        ChatClient b = group(unique("bob"), room);
        ChatClient c = group(unique("carol"), room);

        a.send("{\"info\":\"" + "x".repeat(100_000) + "\"}");

        assertEquals(1009, a.awaitClose(), "message too big");
        b.send(say("others go on"));
        assertEquals("others go on", c.nextMessage().getString("info"));
    }
}
