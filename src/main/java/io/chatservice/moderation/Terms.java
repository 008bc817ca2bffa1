package io.chatservice.moderation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/**
 * The body of a ban or a mute, {@code {"duration":"1h","reason":"spam"}}: how long (ISO-8601 such as {@code PT1H} or
 * {@code P7D}, or a number and one of {@code s m h d}; absent: the longest allowed) and why (optional, at most
 * {@link #MAX_REASON} characters). Read by hand, so that every flaw gets its own reason.
 */
public record Terms(Duration length, String reason) {

    /** Longest reason: it is shown to the user in an error frame, and closes are short. */
    public static final int MAX_REASON = 200;

    private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})([smhd])");

    /**
     * @param body the request body; null or blank for none
     * @param longest the longest length allowed, and the length when the body names none
     */
    public static Terms parse(ObjectMapper mapper, String body, Duration longest) throws ProtocolException {
        if (body == null || body.isBlank()) {
            return new Terms(longest, "");
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "the body is not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "the body must be one JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("duration") && !name.equals("reason")) {
                throw new ProtocolException(ErrorCode.UNKNOWN_FIELD,
                        "unknown field '" + name + "': only 'duration' and 'reason'");
            }
        }
        Duration length = json.hasNonNull("duration") ? length(text(json, "duration"), longest) : longest;
        String reason = json.hasNonNull("reason") ? text(json, "reason").strip() : "";
        if (reason.length() > MAX_REASON) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "'reason' is over " + MAX_REASON + " characters");
        }
        return new Terms(length, reason);
    }

    /** A length of 1h, 30m, 7d, 45s or ISO-8601; positive and at most {@code longest}. */
    static Duration length(String text, Duration longest) throws ProtocolException {
        Duration length;
        Matcher shortForm = SHORT.matcher(text);
        try {
            if (shortForm.matches()) {
                long n = Long.parseLong(shortForm.group(1));
                length = switch (shortForm.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                length = Duration.parse(text);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'duration' must be like 30m, 1h, 7d or PT1H, not '"
                    + text + "'");
        }
        if (length.isNegative() || length.isZero()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'duration' must be more than nothing");
        }
        if (length.compareTo(longest) > 0) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "'duration' is over the longest allowed, " + describe(longest));
        }
        return length;
    }

    private static String describe(Duration length) {
        return length.toSeconds() % 86_400 == 0 ? length.toDays() + " days" : length.toString();
    }

    private static String text(JsonNode json, String field) throws ProtocolException {
        JsonNode value = json.get(field);
        if (!value.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' must be a string");
        }
        return value.asText();
    }
}
