package io.chatservice.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;

/**
 * The server API's keys ({@code chat.api.keys}): who may act as the application's backend or an operator. A key is
 * compared in constant time through its SHA-256 digest and never kept, logged or echoed; calls are told apart in the
 * audit log by the key's id, the first 8 hex digits of that digest.
 */
@Singleton
public class ApiKeys {

    private static final String BEARER = "Bearer ";

    private final List<byte[]> digests;

    @Inject
    public ApiKeys(ChatConfig config) {
        this(config.api().keys().orElse(List.of()));
    }

    ApiKeys(List<String> keys) {
        this.digests = keys.stream().map(String::strip).filter(key -> !key.isEmpty()).map(ApiKeys::digest).toList();
    }

    /** Whether any key is set: without one, the server API is closed. */
    public boolean configured() {
        return !digests.isEmpty();
    }

    /**
     * The id of the key an {@code Authorization} header presents.
     *
     * @throws ApiRefusal 403 when no key is set, 401 when the header carries no key or one that is not set
     */
    public String require(String authorization) {
        if (!configured()) {
            throw new ApiRefusal(403, "API_DISABLED",
                    "the server API is closed: the operator has set no key (chat.api.keys)");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiRefusal(401, "API_KEY_REQUIRED", "this needs a server API key: Authorization: Bearer <key>");
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).strip());
        boolean found = false;
        for (byte[] digest : digests) {
            found |= MessageDigest.isEqual(digest, presented); // no early exit: every key is compared
        }
        if (!found) {
            throw new ApiRefusal(401, "API_KEY_INVALID", "the server API key is not one of this service's");
        }
        return HexFormat.of().formatHex(presented, 0, 4);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
