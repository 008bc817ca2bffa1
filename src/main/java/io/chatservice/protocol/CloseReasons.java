package io.chatservice.protocol;

import java.nio.charset.StandardCharsets;

/** The text of a close frame, which may hold at most 123 bytes (RFC 6455, 5.5). */
public final class CloseReasons {

    static final int MAX_BYTES = 123;

    private CloseReasons() {
    }

    /** The reason as it is, or cut to fit with an ellipsis. */
    public static String fit(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return reason;
        }
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES - 3) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
