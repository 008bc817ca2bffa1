package io.chatservice.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.chatservice.history.Draft;

/**
 * A chat message's frame, written field by field instead of through Jackson's databind: it is built once per message,
 * on the path of every message, where the databind's bean serializer (a record of 31 components, most of them null,
 * each read through its accessor) cost more than the rest of the encoding. The text is the one the databind writes for
 * {@link OutboundFrame}: the same fields in the same order ({@code type}, {@code id}, {@code ts}, then what the stream
 * splices in, then {@code room}, {@code from_user}, {@code to_user}, {@code info}, {@code server}), null ones left out,
 * strings escaped by Jackson's own {@link JsonStringEncoder}.
 */
final class MessageDraft {

    private static final String HEAD = "{\"type\":\"message\",\"id\":\"";
    private static final String TS_FIELD = "\",\"ts\":";
    private static final String OFFSET_FIELD = ",\"offset\":";
    private static final String ROOM_FIELD = ",\"room\":\"";
    private static final String FROM_FIELD = ",\"from_user\":\"";
    private static final String TO_FIELD = ",\"to_user\":\"";
    private static final String INFO_FIELD = ",\"info\":\"";
    private static final String SERVER_FIELD = ",\"server\":true";

    private MessageDraft() {
    }

    /** @param byBackend the application's backend sent it through the server API: {@code "server":true} */
    static Draft of(String id, long ts, String room, String fromUser, String toUser, String info, boolean byBackend) {
        StringBuilder head = new StringBuilder(HEAD.length() + id.length() + TS_FIELD.length() + 20
                + OFFSET_FIELD.length());
        head.append(HEAD);
        quoted(head, id);
        head.append(TS_FIELD).append(ts).append(OFFSET_FIELD);
        StringBuilder tail = new StringBuilder(64 + length(room) + length(fromUser) + length(toUser) + length(info));
        field(tail, ROOM_FIELD, room);
        field(tail, FROM_FIELD, fromUser);
        field(tail, TO_FIELD, toUser);
        field(tail, INFO_FIELD, info);
        if (byBackend) {
            tail.append(SERVER_FIELD);
        }
        tail.append('}');
        return new Draft(id, head.toString(), tail.toString());
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value != null) {
            json.append(name);
            quoted(json, value);
            json.append('"');
        }
    }

    /** The string's characters as a JSON string's, without the quotes, escaped as Jackson's generator does. */
    private static void quoted(StringBuilder json, String value) {
        JsonStringEncoder.getInstance().quoteAsString(value, json);
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }
}
