package io.chatservice.rest;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.ProtocolException;

/**
 * The body of a message the backend posts: {@code {"from_user":…,"info":…,"cid":…}}, read strictly, as a client's
 * frame is: strings only, each field at most once, no other field (a misspelt {@code cid} would otherwise lose the
 * resend protection without a word), and a lone surrogate read as U+FFFD, so that nothing passed on is broken text.
 *
 * @param fromUser who the message is from, as the recipients see it; checked by the caller
 * @param info the text; checked by the caller
 * @param cid the backend's own id for the message, or null
 */
public record PostBody(@JsonProperty("from_user") String fromUser, String info, String cid) {

    static final String FROM_USER = "from_user";
    static final String INFO = "info";
    static final String CID = "cid";

    public static PostBody parse(JsonFactory json, String body) throws ProtocolException {
        if (body == null || body.isBlank()) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON,
                    "the body must be a JSON object: {\"from_user\":…,\"info\":…}");
        }
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "the body must be one JSON object");
            }
            String fromUser = null, info = null, cid = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!FROM_USER.equals(name) && !INFO.equals(name) && !CID.equals(name)) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "unknown field '"
                            + InboundParser.wellFormed(name.length() > 40 ? name.substring(0, 40) + "…" : name)
                            + "'; a message has from_user, info and cid");
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + name + "' must be a string");
                }
                String string = InboundParser.wellFormed(parser.getText());
                String before = switch (name) {
                    case FROM_USER -> fromUser;
                    case INFO -> info;
                    default -> cid;
                };
                if (before != null) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + name + "' appears twice");
                }
                switch (name) {
                    case FROM_USER -> fromUser = string;
                    case INFO -> info = string;
                    default -> cid = string;
                }
            }
            if (parser.nextToken() != null) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "unexpected content after the JSON object");
            }
            if (cid != null && (cid.isEmpty() || cid.length() > InboundParser.MAX_ID_LENGTH)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                        "field 'cid' must have 1 to " + InboundParser.MAX_ID_LENGTH + " characters");
            }
            return new PostBody(fromUser, info, cid);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON,
                    "not valid JSON: " + InboundParser.wellFormed(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON");
        }
    }
}
