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
                switch (name) {
                    case TYPE -> type = parser.getText();
                    case TO_USER -> toUser = parser.getText();
                    case INFO -> info = parser.getText();
                    case ROOM -> room = parser.getText();
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
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON");
        }
    }

    private static String shorten(String name) {
        return name.length() <= MAX_NAME_IN_REASON ? name : name.substring(0, MAX_NAME_IN_REASON) + "…";
    }
}
