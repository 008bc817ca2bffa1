package io.chatservice.protocol;

import java.io.IOException;
import java.util.Set;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a client text frame with Jackson's streaming parser: one pass, no tree, and a precise reason for every refusal.
 */
@Singleton
public class InboundParser {

    public static final String TYPE = "type";
    public static final String FROM_USER = "from_user";
    public static final String TO_USER = "to_user";
    public static final String INFO = "info";
    public static final String ROOM = "room";

    private static final int MAX_NAME_IN_REASON = 40;

    private final JsonFactory factory;

    public InboundParser(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
    }

    /**
     * @param text the frame as received
     * @param fields the fields this channel accepts; any other is refused
     */
    public InboundMessage parse(String text, Set<String> fields) throws ProtocolException {
        try (JsonParser parser = factory.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "a frame must be one JSON object");
            }
            String type = null, toUser = null, info = null, room = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!fields.contains(name)) {
                    parser.skipChildren();
                    throw new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown field '" + shorten(name) + "'");
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + name + "' must be a string");
                }
                // A JSON escape can hold half a surrogate pair, which UTF-8 cannot carry: read it as U+FFFD, as a
                // browser does, so that nothing the service sends on is broken text.
                String string = wellFormed(parser.getText());
                switch (name) {
                    case TYPE -> type = string;
                    case TO_USER -> toUser = string;
                    case INFO -> info = string;
                    case ROOM -> room = string;
                    default -> {
                        // from_user: the connection says who the sender is, not the frame.
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "unexpected content after the JSON object");
            }
            return new InboundMessage(type, toUser, info, room);
        } catch (JsonProcessingException e) {
            // Jackson quotes the character it stopped at, which may be half of a surrogate pair.
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON: " + wellFormed(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON");
        }
    }

    /** The name for a reason: cut after whole characters, never inside a surrogate pair. */
    private static String shorten(String name) {
        String shown = wellFormed(name);
        return shown.codePointCount(0, shown.length()) <= MAX_NAME_IN_REASON ? shown
                : shown.substring(0, shown.offsetByCodePoints(0, MAX_NAME_IN_REASON)) + "…";
    }

    /** The text with each lone surrogate, which no UTF-8 can encode, replaced by U+FFFD. */
    private static String wellFormed(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, '\uFFFD');
            }
        }
        return out == null ? text : out.toString();
    }
}
