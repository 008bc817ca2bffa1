package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

import io.chatservice.config.ChatConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * What must hold for any input on the inbound path, written once and checked by the quick property run
 * ({@link InboundPropertiesTest}), the corpus replay ({@link FuzzCorpusTest}) and the Jazzer fuzz tests. Each check
 * throws an {@link AssertionError} that names the input.
 */
final class InboundProperties {

    /** The field sets the two channels give the parser, read from the channels themselves. */
    static final Set<String> GROUP = channelFields("io.chatservice.ws.GroupChat");
    static final Set<String> PRIVATE = channelFields("io.chatservice.ws.PrivateChat");
    static final List<Set<String>> CHANNELS = List.of(GROUP, PRIVATE);

    /** The shipped defaults, and small limits so that generated input often lands on a boundary. */
    static final List<ChatConfig> CONFIGS = List.of(config(Map.of()), config(Map.of(
            "chat.limits.max-text-bytes", "7",
            "chat.limits.max-username-length", "3",
            "chat.limits.max-room-length", "2")));

    /** The naming rule, written independently of InputRules: Unicode letters, decimal digits, marks, '_', '-', '.'. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{Nd}\\p{Mn}\\p{Mc}_.\\-]+");
    /** Unicode's White_Space, plus what Java calls white space (U+001C to U+001F). */
    private static final Pattern BLANK = Pattern.compile("[\\p{IsWhite_Space}\\x1C-\\x1F]*");

    private static final InboundParser PARSER = new InboundParser(new ObjectMapper());

    private InboundProperties() {
    }

    /**
     * The parser reads the text or refuses it with a code and a reason; it never fails in any other way, never reads
     * a field the channel does not have, and what it reads, like its reasons, is text that UTF-8 can carry.
     */
    static void parsesOrRefuses(String text) {
        for (Set<String> fields : CHANNELS) {
            try {
                InboundMessage message = PARSER.parse(text, fields);
                for (String value : new String[] { message.type(), message.toUser(), message.info(), message.room() }) {
                    assertTrue(value == null || wellFormed(value),
                            () -> "read " + show(value) + ", which UTF-8 cannot carry, from " + show(text));
                }
                if (!fields.contains(InboundParser.TO_USER)) {
                    assertNull(message.toUser(), () -> "to_user read on a channel without it: " + show(text));
                }
                if (!fields.contains(InboundParser.ROOM)) {
                    assertNull(message.room(), () -> "room read on a channel without it: " + show(text));
                }
            } catch (ProtocolException e) {
                assertNotNull(e.code(), () -> "refusal without a code: " + show(text));
                assertNotNull(e.reason(), () -> "refusal without a reason: " + show(text));
                assertFalse(e.reason().isBlank(), () -> "refusal with a blank reason: " + show(text));
                // A broken pair in a reason would reach the client as '?'.
                assertTrue(wellFormed(e.reason()),
                        () -> "reason " + show(e.reason()) + " has a broken surrogate pair; frame " + show(text));
            } catch (Throwable t) {
                throw new AssertionError("parser failed with " + t + " on " + show(text), t);
            }
        }
    }

    /** A valid frame parses to exactly the fields it carries. */
    static void roundTrips(FrameGenerator.Frame frame, Set<String> fields) {
        try {
            assertEquals(frame.expected(), PARSER.parse(frame.text(), fields), () -> "frame " + show(frame.text()));
        } catch (ProtocolException e) {
            fail("valid frame " + show(frame.text()) + " refused: " + e.code() + " " + e.reason());
        }
    }

    /**
     * A username or room name is accepted exactly when it is 1 to max characters of letters, digits, marks, '_',
     * '-' and '.', is not "." or "..", which a URL path cannot carry, and is readable: no leading combining mark, no
     * default-ignorable code point, and UTS #39's highly restrictive single-script rule (ICU's own checker). A room
     * is accepted as its NFKC case-folded form, which must be a valid name too.
     */
    static void nameRulesHold(String name) {
        for (ChatConfig config : CONFIGS) {
            InputRules rules = new InputRules(config);
            ChatConfig.Limits limits = config.limits();
            checkName(name, isName(name, limits.maxUsernameLength()), ErrorCode.INVALID_USERNAME,
                    () -> rules.checkUsername(name));
            String folded = Normalizer2.getNFKCCasefoldInstance().normalize(name);
            boolean room = isName(name, limits.maxRoomLength()) && isName(folded, limits.maxRoomLength());
            checkName(name, room, ErrorCode.INVALID_ROOM, () -> assertEquals(folded, rules.checkRoom(name)));
        }
    }

    private static final SpoofChecker SPOOF = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS
                    | SpoofChecker.INVISIBLE)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE).build();

    private static boolean isName(String name, int maxLength) {
        if (name.isEmpty() || name.codePointCount(0, name.length()) > maxLength || !NAME.matcher(name).matches()
                || name.equals(".") || name.equals("..")) {
            return false;
        }
        int first = Character.getType(name.codePointAt(0));
        return first != Character.NON_SPACING_MARK && first != Character.COMBINING_SPACING_MARK
                && name.codePoints().noneMatch(cp -> UCharacter.hasBinaryProperty(cp,
                        UProperty.DEFAULT_IGNORABLE_CODE_POINT))
                && !SPOOF.failsChecks(name);
    }

    /**
     * Text is refused when it is only white space, and when its UTF-8 form, the bytes that go on the wire, is over the
     * limit; otherwise it comes back unchanged. The byte count agrees with Java's encoder for any text (a lone
     * surrogate is one '?'), and for text the parser can produce, which has none, Netty, which writes the frames,
     * writes exactly Java's bytes. (Netty writes a lone high surrogate as '?' and then only the low byte of the next
     * character: broken UTF-8, which is why the parser lets no lone surrogate through.)
     */
    static void textRulesHold(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int wire = utf8.length;
        assertEquals(wire, InputRules.utf8Length(text), () -> "UTF-8 length of " + show(text));
        if (wellFormed(text)) {
            ByteBuf netty = Unpooled.buffer(wire);
            try {
                ByteBufUtil.writeUtf8(netty, text);
                assertArrayEquals(utf8, ByteBufUtil.getBytes(netty), () -> "Netty's UTF-8 of " + show(text));
            } finally {
                netty.release();
            }
        }
        for (ChatConfig config : CONFIGS) {
            InputRules rules = new InputRules(config);
            ChatConfig.Limits limits = config.limits();
            try {
                String accepted = rules.requireText(text);
                assertSame(text, accepted);
                assertFalse(BLANK.matcher(text).matches(), () -> "blank text accepted: " + show(text));
                assertTrue(wire <= limits.maxTextBytes(), () -> "text over the limit accepted: " + show(text));
            } catch (ProtocolException e) {
                assertFalse(e.reason().isBlank());
                if (BLANK.matcher(text).matches()) {
                    assertEquals(ErrorCode.EMPTY_TEXT, e.code(), () -> "blank text " + show(text));
                } else {
                    assertEquals(ErrorCode.TEXT_TOO_LONG, e.code(), () -> "text " + show(text) + ": " + e.reason());
                    assertTrue(wire > limits.maxTextBytes(), () -> "text within the limit refused: " + show(text));
                    assertTrue(e.reason().contains(wire + " bytes"), e.reason());
                }
            }
        }
    }

    private interface Check {
        void run() throws ProtocolException;
    }

    private static void checkName(String name, boolean valid, ErrorCode code, Check check) {
        try {
            check.run();
            assertTrue(valid, () -> "invalid name accepted: " + show(name));
        } catch (ProtocolException e) {
            assertFalse(valid, () -> "valid name refused: " + show(name) + ": " + e.reason());
            assertEquals(code, e.code());
            assertFalse(e.reason().isBlank());
        }
    }

    /** True when every surrogate in the text is half of a pair. */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The input in a failure message: Java-escaped where it is not printable ASCII, and cut if it is long. */
    static String show(String text) {
        StringBuilder shown = new StringBuilder("\"");
        int end = Math.min(text.length(), 300);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
                shown.append(c);
            } else {
                shown.append(String.format("\\u%04x", (int) c));
            }
        }
        shown.append('"');
        return text.length() > end ? shown + "… (" + text.length() + " chars)" : shown.toString();
    }

    /** The settings as the service reads them: @WithDefault, and the given overrides. */
    static ChatConfig config(Map<String, String> overrides) {
        return new SmallRyeConfigBuilder()
                .addDiscoveredConverters()
                .withMapping(ChatConfig.class)
                .withSources(new PropertiesConfigSource(overrides, "test overrides", 100))
                .build()
                .getConfigMapping(ChatConfig.class);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> channelFields(String channel) {
        try {
            Field fields = Class.forName(channel).getDeclaredField("FIELDS");
            fields.setAccessible(true);
            return (Set<String>) fields.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(channel + ".FIELDS", e);
        }
    }
}
