package io.chatservice.metrics;

import io.chatservice.protocol.ErrorCode;

/** Why the service refused an upgrade, a connection or a frame, as the {@code reason} of {@code chat_refusals_total}. */
public enum Refusal {
    /** The page's origin is not in {@code chat.security.allowed-origins} (HTTP 403). */
    ORIGIN,
    /** A username or room in the path that breaks the naming rules. */
    INVALID_NAME,
    /** A name held by someone else. */
    NAME_TAKEN,
    /** A name with as many connections as it may have. */
    USER_CONNECTIONS,
    /** An address with as many connections as it may have. */
    ADDRESS_CONNECTIONS,
    /** This node has as many connections as it may have. */
    SERVER_FULL,
    /** An address over its upgrade rate. */
    UPGRADE_RATE,
    /** A REST request over its address's rate ({@code chat.limits.rest-rate-per-address}, HTTP 429). */
    REST_RATE,
    /** A frame over the connection's or the name's rate limit. */
    MESSAGE_RATE,
    /** A message over its address's text rate ({@code chat.limits.address-text-rate}). */
    ADDRESS_TEXT_RATE,
    /**
     * A room over its address's or its name's rate of opening rooms ({@code chat.limits.room-joins-per-address},
     * {@code room-joins-per-user}): a join, or a connection whose path names the room.
     */
    ROOM_JOIN_RATE,
    /** A connection closed for going on far past its rate limit. */
    FLOODING,
    /** In {@code jwt} mode: no token, a token that does not verify, or a path naming someone else. */
    TOKEN,
    /** In {@code jwt} mode: a connection closed as its token expired. */
    TOKEN_EXPIRED,
    /** With {@code chat.broker=redis}: the node could not reach Redis to let the connection in. */
    UNAVAILABLE,
    /** A connection under a banned name ({@code PUT /api/bans/{user}}), refused at admission. */
    BANNED;

    /** The refusal an error code stands for at admission. */
    public static Refusal of(ErrorCode code) {
        return switch (code) {
            case NAME_TAKEN -> NAME_TAKEN;
            case TOO_MANY_CONNECTIONS -> USER_CONNECTIONS;
            case ADDRESS_LIMIT -> ADDRESS_CONNECTIONS;
            case SERVER_FULL -> SERVER_FULL;
            case RATE_LIMITED -> UPGRADE_RATE;
            case TOKEN_REQUIRED, TOKEN_INVALID, NAME_MISMATCH -> TOKEN;
            case TOKEN_EXPIRED -> TOKEN_EXPIRED;
            case UNAVAILABLE -> UNAVAILABLE;
            case BANNED -> BANNED;
            default -> INVALID_NAME;
        };
    }
}
