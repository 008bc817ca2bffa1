package io.chatservice.moderation;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/** The {@code after} and {@code limit} of a page of bans or mutes. */
record Paging(String after, int limit) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final int MAX_AFTER = 256;

    static Paging of(String after, String limit) throws ProtocolException {
        if (after != null && (after.isEmpty() || after.length() > MAX_AFTER)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "query parameter 'after' must be the 'next' of a page, of 1 to " + MAX_AFTER + " characters");
        }
        if (limit == null) {
            return new Paging(after, DEFAULT_LIMIT);
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return new Paging(after, n);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ProtocolException(ErrorCode.INVALID_FIELD,
                "query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** The page's {@code next}: its last name when it is full, so there may be more. */
    String next(int size, String last) {
        return size == limit ? last : null;
    }
}
