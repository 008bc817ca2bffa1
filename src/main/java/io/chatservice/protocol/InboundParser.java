package io.chatservice.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    public static final String CID = "cid";
    public static final String EPOCH = "epoch";
    public static final String OFFSET = "offset";
    public static final String BEFORE = "before";
    public static final String LIMIT = "limit";
    public static final String WITH_USER = "with_user";
    public static final String MESSAGE_ID = "message_id";
    public static final String USER = "user";
    public static final String USERS = "users";
    public static final String PREFIX = "prefix";
    public static final String AFTER = "after";
    public static final String MODE = "mode";

    /** Most names a {@code users} list may hold; a channel may allow fewer ({@code chat.presence.max-watch}). */
    public static final int MAX_LIST = 1000;

    /** Longest accepted {@code cid}, {@code epoch} or {@code message_id}. */
    public static final int MAX_ID_LENGTH = 64;

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
            String type = null, toUser = null, info = null, room = null, cid = null, epoch = null, withUser = null,
                    messageId = null, user = null, prefix = null, after = null, mode = null;
            List<String> users = null;
            Long offset = null, before = null, limit = null;
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!fields.contains(name)) {
                    parser.skipChildren();
                    throw new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown field '" + shorten(name) + "'");
                }
                // A key twice would otherwise mean its last value, where another reader of the same frame (a proxy,
                // a log filter) may take the first: refused, at the cost of one bit per known field.
                int bit = bit(name);
                if ((seen & bit) != 0) {
                    throw new ProtocolException(ErrorCode.MALFORMED_JSON, "field '" + name + "' appears twice");
                }
                seen |= bit;
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (name.equals(OFFSET) || name.equals(BEFORE) || name.equals(LIMIT)) {
                    long number = count(parser, value, name);
                    switch (name) {
                        case OFFSET -> offset = number;
                        case BEFORE -> before = number;
                        default -> limit = number;
                    }
                    continue;
                }
                if (name.equals(USERS)) {
                    users = strings(parser, value, name);
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
                    case CID -> cid = id(name, string);
                    case EPOCH -> epoch = id(name, string);
                    case WITH_USER -> withUser = string;
                    case MESSAGE_ID -> messageId = id(name, string);
                    case USER -> user = string;
                    case PREFIX -> prefix = string;
                    case AFTER -> after = string;
                    case MODE -> mode = string;
                    default -> {
                        // from_user: the connection says who the sender is, not the frame.
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "unexpected content after the JSON object");
            }
            return new InboundMessage(type, toUser, info, room, cid, epoch, offset, before, limit, withUser, messageId,
                    user, users, prefix, after, mode);
        } catch (JsonProcessingException e) {
            // Jackson quotes the character it stopped at, which may be half of a surrogate pair.
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON: " + wellFormed(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON");
        }
    }

    /** Each field a channel may accept has a bit of its own. */
    private static int bit(String name) {
        return switch (name) {
            case TYPE -> 1;
            case FROM_USER -> 1 << 1;
            case TO_USER -> 1 << 2;
            case INFO -> 1 << 3;
            case ROOM -> 1 << 4;
            case CID -> 1 << 5;
            case EPOCH -> 1 << 6;
            case OFFSET -> 1 << 7;
            case BEFORE -> 1 << 8;
            case LIMIT -> 1 << 9;
            case WITH_USER -> 1 << 10;
            case MESSAGE_ID -> 1 << 11;
            case USER -> 1 << 12;
            case USERS -> 1 << 13;
            case PREFIX -> 1 << 14;
            case AFTER -> 1 << 15;
            case MODE -> 1 << 16;
            default -> throw new IllegalStateException("a channel accepts a field the parser does not know: " + name);
        };
    }

    /** A whole number of at least 0 that fits a long: an offset, a bound, a count. */
    private static long count(JsonParser parser, JsonToken value, String name) throws IOException, ProtocolException {
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || parser.getLongValue() < 0) {
            parser.skipChildren();
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + name + "' must be a whole number, 0 or more");
        }
        return parser.getLongValue();
    }

    /** An array of at most {@link #MAX_LIST} strings: what each one means is the channel's to check. */
    private static List<String> strings(JsonParser parser, JsonToken value, String name)
            throws IOException, ProtocolException {
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + name + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        JsonToken item;
        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (item != JsonToken.VALUE_STRING) {
                parser.skipChildren();
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + name + "' must be an array of strings");
            }
            if (out.size() == MAX_LIST) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                        "field '" + name + "' may hold at most " + MAX_LIST + " strings");
            }
            out.add(wellFormed(parser.getText()));
        }
        return List.copyOf(out);
    }

    private static String id(String name, String value) throws ProtocolException {
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "field '" + name + "' must have 1 to " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    /** The name for a reason: cut after whole characters, never inside a surrogate pair. */
    private static String shorten(String name) {
        String shown = wellFormed(name);
        return shown.codePointCount(0, shown.length()) <= MAX_NAME_IN_REASON ? shown
                : shown.substring(0, shown.offsetByCodePoints(0, MAX_NAME_IN_REASON)) + "…";
    }

    /** The text with each lone surrogate, which no UTF-8 can encode, replaced by U+FFFD. */
    public static String wellFormed(String text) {
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
