package io.chatservice.ws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import io.chatservice.history.Position;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.ProtocolException;

/** Where a client says it was in a stream: {@code epoch} and {@code offset}, both or neither. */
final class Positions {

    private Positions() {
    }

    /** @return null if the frame says nothing */
    static Position of(InboundMessage message) throws ProtocolException {
        return of(message.epoch(), message.offset());
    }

    /** From the handshake's query string ({@code ?key=…&epoch=…&offset=…}); null if it says nothing. */
    static Position fromQuery(String query) throws ProtocolException {
        if (query == null || query.isEmpty()) {
            return null;
        }
        String epoch = null, offset = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.equals(InboundParser.EPOCH)) {
                epoch = value;
            } else if (name.equals(InboundParser.OFFSET)) {
                offset = value;
            }
        }
        if (epoch == null && offset == null) {
            return null;
        }
        Long number;
        try {
            number = offset == null ? null : Long.parseLong(offset);
        } catch (NumberFormatException e) {
            number = -1L;
        }
        if (number != null && number < 0) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "query parameter 'offset' must be a whole number, 0 or more");
        }
        if (epoch != null && (epoch.isEmpty() || epoch.length() > InboundParser.MAX_ID_LENGTH)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "query parameter 'epoch' must have 1 to " + InboundParser.MAX_ID_LENGTH + " characters");
        }
        return of(epoch, number);
    }

    private static Position of(String epoch, Long offset) throws ProtocolException {
        if (epoch == null && offset == null) {
            return null;
        }
        if (epoch == null || offset == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "'epoch' and 'offset' go together: where the client was in the stream");
        }
        return new Position(epoch, offset);
    }
}
