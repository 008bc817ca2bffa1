package io.chatservice.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes inbound frames for the property and fuzz tests: valid frames together with what they must parse to, and
 * JSON-ish text (deep nesting, huge numbers, duplicate keys, unknown keys, odd escapes, cut or damaged objects) that
 * the parser must refuse or read without ever failing otherwise.
 */
final class FrameGenerator {

    /** A valid frame and the message it must parse to. */
    record Frame(String text, InboundMessage expected) {
    }

    private static final String[] VALUE_FIELDS = { InboundParser.TYPE, InboundParser.FROM_USER, InboundParser.TO_USER,
            InboundParser.INFO, InboundParser.ROOM };
    private static final java.util.Set<String> NUMBER_FIELDS = java.util.Set.of(InboundParser.OFFSET,
            InboundParser.BEFORE, InboundParser.LIMIT);
    private static final java.util.Set<String> ID_FIELDS = java.util.Set.of(InboundParser.CID, InboundParser.EPOCH,
            InboundParser.MESSAGE_ID);
    private static final String[] TYPES = { "message", "join", "leave", "presence", "MESSAGE", "", " join" };
    private static final String[] ODD_KEYS = { "", "Info", "info ", "users", "code", "__proto__", "to-user", "\u0000",
            "ínfo", "😀" };
    private static final String[] ATOMS = { "true", "false", "null", "0", "-0", "1e999999", "-1E-400", "0.0000001",
            "123456789012345678901234567890", "1" + "0".repeat(1500), "NaN", "Infinity", "01", "1.", ".5", "+1",
            "\"\"", "[]", "{}" };
    private static final String WHITESPACE = " \t\n\r";
    /** Code points from many corners of Unicode: scripts, marks, emoji, invisible and special ones. */
    private static final int[] CODE_POINTS = { 'a', 'Z', '0', '_', '-', '.', ' ', '"', '\\', '/', '<', '&', '%', '\t',
            '\n', 0x00, 0x1F, 0x7F, 0x85, 0xA0, 0xAD, 0xE9, 0x301, 0x5D0, 0x627, 0x915, 0x94D, 0x93F, 0xE01, 0x1100,
            0x200B, 0x200D, 0x200F, 0x2028, 0x202E, 0x2060, 0x3000, 0x4E2D, 0xFEFF, 0xFFFD, 0xFFFF, 0x1D11E, 0x1F600,
            0x1F44D, 0x1F3FD, 0x10FFFF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF };

    private final Choices choices;

    FrameGenerator(Choices choices) {
        this.choices = choices;
    }

    <T> T pick(List<T> options) {
        return options.get(choices.below(options.size()));
    }

    /** Any sequence of UTF-16 code units, lone surrogates included; mostly short, sometimes long. */
    /** An id field's value: 1 to 64 chars (UTF-16 units), never a lone surrogate, which would read as another. */
    String anyId() {
        StringBuilder id = new StringBuilder();
        int length = 1 + choices.below(InboundParser.MAX_ID_LENGTH);
        while (id.length() < length) {
            int cp = CODE_POINTS[choices.below(CODE_POINTS.length)];
            if (id.length() + Character.charCount(cp) > length) {
                cp = 'a';
            }
            id.appendCodePoint(cp);
        }
        return id.toString();
    }

    String anyString() {
        int length = choices.oneIn(8) ? choices.below(5000) : choices.below(24);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            switch (choices.below(4)) {
                case 0 -> text.append((char) choices.below(0x10000));
                case 1 -> text.appendCodePoint(choices.below(0x110000));
                default -> text.appendCodePoint(CODE_POINTS[choices.below(CODE_POINTS.length)]);
            }
        }
        return text.toString();
    }

    /** Strings close to a name: mostly allowed characters, around the length limits, with the dot names among them. */
    String nameLike() {
        switch (choices.below(10)) {
            case 0:
                return choices.pick(new String[] { ".", "..", "...", ". ", "", "a.", ".a", "-", "_" });
            case 1:
                return anyString();
            default:
                int length = choices.oneIn(3) ? 28 + choices.below(40) : 1 + choices.below(12);
                StringBuilder name = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    name.appendCodePoint(choices.oneIn(6) ? CODE_POINTS[choices.below(CODE_POINTS.length)]
                            : choices.pick(new Integer[] { (int) 'a', (int) 'Q', (int) '7', (int) '.', (int) '_',
                                    (int) '-', 0x4E2D, 0x915, 0x94D, 0x301, 0x1D7D8, 0x661 }));
                }
                return name.toString();
        }
    }

    /** A frame of the given channel that the parser must accept, and what it must read from it. */
    Frame valid(Set<String> fields) {
        List<String> keys = new ArrayList<>(fields);
        // A random order and a random subset of the channel's fields.
        for (int i = keys.size() - 1; i > 0; i--) {
            int j = choices.below(i + 1);
            keys.set(i, keys.set(j, keys.get(i)));
        }
        keys = keys.subList(0, choices.below(keys.size() + 1));

        String type = null, toUser = null, info = null, room = null, cid = null, epoch = null, withUser = null,
                messageId = null, user = null, after = null;
        Long offset = null, before = null, limit = null;
        StringBuilder json = new StringBuilder();
        space(json);
        json.append('{');
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            boolean number = NUMBER_FIELDS.contains(key);
            Long count = null;
            String value = null;
            if (!choices.oneIn(5)) {
                if (number) {
                    count = choices.oneIn(4) ? Long.MAX_VALUE - choices.below(2) : (long) choices.below(100_000);
                } else if (ID_FIELDS.contains(key)) {
                    value = anyId();
                } else {
                    value = key.equals(InboundParser.TYPE) && !choices.oneIn(3) ? choices.pick(TYPES) : anyString();
                }
            }
            if (i > 0) {
                json.append(',');
            }
            space(json);
            quote(json, key);
            space(json);
            json.append(':');
            space(json);
            if (count != null) {
                json.append(count);
            } else if (value == null) {
                json.append("null");
            } else {
                quote(json, value);
            }
            space(json);
            String read = value == null ? null : asRead(value);
            switch (key) {
                case InboundParser.TYPE -> type = read;
                case InboundParser.TO_USER -> toUser = read;
                case InboundParser.INFO -> info = read;
                case InboundParser.ROOM -> room = read;
                case InboundParser.CID -> cid = read;
                case InboundParser.EPOCH -> epoch = read;
                case InboundParser.WITH_USER -> withUser = read;
                case InboundParser.MESSAGE_ID -> messageId = read;
                case InboundParser.USER -> user = read;
                case InboundParser.AFTER -> after = read;
                case InboundParser.OFFSET -> offset = count;
                case InboundParser.BEFORE -> before = count;
                case InboundParser.LIMIT -> limit = count;
                default -> {
                }
            }
        }
        if (keys.isEmpty()) {
            space(json);
        }
        json.append('}');
        space(json);
        return new Frame(json.toString(),
                new InboundMessage(type, toUser, info, room, cid, epoch, offset, before, limit, withUser, messageId,
                        user, null, null, after, null));
    }

    /** What the parser reads from a string value: the same text, with U+FFFD for each half of a surrogate pair. */
    static String asRead(String value) {
        StringBuilder read = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> read.appendCodePoint(Character.getType(cp) == Character.SURROGATE ? 0xFFFD : cp));
        return read.toString();
    }

    /** Text that looks like a frame but need not be one. */
    String jsonish(Set<String> fields) {
        StringBuilder json = new StringBuilder();
        switch (choices.below(6)) {
            case 0 -> json.append(valid(fields).text());
            case 1 -> nested(json, choices.oneIn(4) ? 900 + choices.below(300) : choices.below(40));
            default -> object(json, fields, 0);
        }
        int damage = choices.oneIn(2) ? 1 + choices.below(4) : 0;
        for (int i = 0; i < damage; i++) {
            damage(json);
        }
        return json.toString();
    }

    private void object(StringBuilder json, Set<String> fields, int depth) {
        json.append('{');
        int members = choices.below(6);
        List<String> known = new ArrayList<>(fields);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                json.append(',');
            }
            space(json);
            // Known keys (so duplicates are common), odd keys, keys of the other channel, any string.
            String key = switch (choices.below(4)) {
                case 0, 1 -> known.get(choices.below(known.size()));
                case 2 -> choices.oneIn(2) ? choices.pick(ODD_KEYS) : choices.pick(VALUE_FIELDS);
                default -> anyString();
            };
            quote(json, key);
            json.append(':');
            space(json);
            value(json, fields, depth + 1);
        }
        json.append('}');
    }

    private void value(StringBuilder json, Set<String> fields, int depth) {
        int kind = depth > 6 ? choices.below(2) : choices.below(5);
        switch (kind) {
            case 0 -> quote(json, choices.oneIn(3) ? choices.pick(TYPES) : anyString());
            case 1 -> json.append(choices.pick(ATOMS));
            case 2 -> object(json, fields, depth);
            case 3 -> nested(json, choices.oneIn(6) ? 1000 + choices.below(100) : choices.below(8));
            default -> {
                json.append('[');
                int items = choices.below(4);
                for (int i = 0; i < items; i++) {
                    json.append(i > 0 ? "," : "");
                    value(json, fields, depth + 1);
                }
                json.append(']');
            }
        }
    }

    /** Arrays or objects nested {@code depth} deep, closed or not. */
    private void nested(StringBuilder json, int depth) {
        boolean arrays = choices.oneIn(2);
        for (int i = 0; i < depth; i++) {
            json.append(arrays ? "[" : "{\"info\":");
        }
        json.append(choices.pick(ATOMS));
        if (!choices.oneIn(3)) {
            for (int i = 0; i < depth; i++) {
                json.append(arrays ? ']' : '}');
            }
        }
    }

    private void damage(StringBuilder json) {
        if (json.length() == 0) {
            json.append(choices.pick(ATOMS));
            return;
        }
        int at = choices.below(json.length());
        switch (choices.below(5)) {
            case 0 -> json.setLength(at);
            case 1 -> json.deleteCharAt(at);
            case 2 -> json.insert(at, choices.pick(new String[] { "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u",
                    "\\ud800", "\\udc00\\ud800", "/*", "//", "\u0000", "\uD83D", "'", "null", "," + json }));
            case 3 -> json.insert(at, json.substring(at, Math.min(json.length(), at + 1 + choices.below(20))));
            default -> json.setCharAt(at, (char) choices.below(0x10000));
        }
    }

    private void space(StringBuilder json) {
        while (choices.oneIn(4)) {
            json.append(WHITESPACE.charAt(choices.below(WHITESPACE.length())));
        }
    }

    /** A JSON string literal of {@code value}, each character written raw or escaped, as the choices decide. */
    private void quote(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean mustEscape = c == '"' || c == '\\' || c < 0x20;
            if (mustEscape || choices.oneIn(8)) {
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append(choices.oneIn(2) ? "\\n" : "\\u000a");
                    case '\t' -> json.append(choices.oneIn(2) ? "\\t" : "\\u0009");
                    case '/' -> json.append(choices.oneIn(2) ? "\\/" : "/");
                    default -> json.append(String.format(choices.oneIn(2) ? "\\u%04x" : "\\u%04X", (int) c));
                }
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
