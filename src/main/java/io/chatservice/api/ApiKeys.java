package io.chatservice.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.chatservice.config.ChatConfig;
import io.chatservice.admission.TokenProof;
import io.chatservice.limits.CallerRates;
import io.chatservice.protocol.ProtocolException;
import io.vertx.core.Vertx;

/**
 * Who may call the server API: the application's backend or an operator, with one of the keys
 * ({@code chat.api.keys}) or, in {@code jwt} mode, a token that verifies exactly as a connection's does and carries
 * the role {@code chat.api.token-role} in its claim {@code chat.api.role-claim}. A key is compared in constant time
 * through its SHA-256 digest and never kept, logged or echoed. The caller is named in the audit log by its id: the
 * first 8 hex digits of the key's digest, or {@code token:<sub>}. Each caller has a rate of its own
 * ({@code chat.api.rate}, with its burst), on each node.
 */
@Singleton
public class ApiKeys {

    private static final String BEARER = "Bearer ";
    private static final String TOKEN_CALLER = "token:";

    private final List<byte[]> digests;
    private final TokenProof tokens;
    private final String tokenRole;
    private final String roleClaim;
    private final CallerRates rates;
    private final Vertx vertx;

    @Inject
    public ApiKeys(ChatConfig config, TokenProof tokens, Vertx vertx) {
        this(config.api().keys().orElse(List.of()), tokens.acceptsTokens() ? tokens : null,
                config.api().tokenRole().map(String::strip).filter(role -> !role.isEmpty()).orElse(null),
                config.api().roleClaim(), new CallerRates(config.api().rate(), config.api().burst()), vertx);
    }

    ApiKeys(List<String> keys) {
        this(keys, null, null, "groups", new CallerRates(0, 1), null);
    }

    ApiKeys(List<String> keys, TokenProof tokens, String tokenRole, String roleClaim, CallerRates rates,
            Vertx vertx) {
        this.digests = keys.stream().map(String::strip).filter(key -> !key.isEmpty()).map(ApiKeys::digest).toList();
        this.tokens = tokenRole == null ? null : tokens;
        this.tokenRole = tokens == null ? null : tokenRole;
        this.roleClaim = roleClaim;
        this.rates = rates;
        this.vertx = vertx;
    }

    /** Whether any key is set, or tokens with a role are accepted: without either, the server API is closed. */
    public boolean configured() {
        return !digests.isEmpty() || tokenRole != null;
    }

    /**
     * The id of the caller an {@code Authorization} header presents, counted against its rate. With tokens whose
     * keys are fetched from the identity provider, verifying one may wait for it: on the event loop, prefer
     * {@link #authorize}.
     *
     * @throws ApiRefusal 403 when no key is set, 401 when the header carries no key or one that is not set (or a
     *         token that does not verify), 403 for a token without the role, 429 {@code RATE_LIMITED} with
     *         {@code Retry-After} when the caller is over its rate
     */
    public String require(String authorization) {
        if (!configured()) {
            throw new ApiRefusal(403, "API_DISABLED",
                    "the server API is closed: the operator has set no key (chat.api.keys)");
        }
        String presented = presented(authorization);
        String caller = keyId(presented);
        if (caller == null) {
            caller = tokenCaller(presented);
        }
        long retryAfterMs = rates.take(caller);
        if (retryAfterMs > 0) {
            long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
            throw new ApiRefusal(429, "RATE_LIMITED",
                    "too many server API calls with these credentials; try again in " + seconds + " s", seconds);
        }
        return caller;
    }

    /**
     * {@link #require}, off the event loop when it may wait for the identity provider (a token, with keys at an
     * http(s) location); at once otherwise. The stage fails with the {@link ApiRefusal}.
     */
    public CompletionStage<String> authorize(String authorization) {
        if (tokens == null || !tokens.verifiesRemotely() || !configured()) {
            try {
                return CompletableFuture.completedFuture(require(authorization));
            } catch (ApiRefusal refusal) {
                return CompletableFuture.failedFuture(refusal);
            }
        }
        return vertx.executeBlocking(() -> require(authorization), false).toCompletionStage();
    }

    /**
     * Whether the header presents one of the keys: cheap (a digest and constant-time comparisons) and counts nothing,
     * for deciding before a request is routed that its caller's own rate applies instead of its address's.
     */
    public boolean presentsKey(String authorization) {
        return !digests.isEmpty() && authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && keyId(authorization.substring(BEARER.length()).strip()) != null;
    }

    private static String presented(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            throw new ApiRefusal(401, "API_KEY_REQUIRED", "this needs a server API key: Authorization: Bearer <key>");
        }
        return authorization.substring(BEARER.length()).strip();
    }

    /** The key's id, or null when it is not one of the keys. */
    private String keyId(String presented) {
        byte[] digest = digest(presented);
        boolean found = false;
        for (byte[] key : digests) {
            found |= MessageDigest.isEqual(key, digest); // no early exit: every key is compared
        }
        return found ? HexFormat.of().formatHex(digest, 0, 4) : null;
    }

    private String tokenCaller(String presented) {
        // A JWT is three dot-separated parts; anything else was meant as a key.
        if (tokenRole == null || presented.chars().filter(c -> c == '.').count() != 2) {
            throw new ApiRefusal(401, "API_KEY_INVALID", "the server API key is not one of this service's");
        }
        JsonWebToken jwt;
        try {
            jwt = tokens.prove(presented);
        } catch (ProtocolException e) {
            throw new ApiRefusal(401, e.code().name(), e.reason());
        }
        if (!hasRole(jwt.getClaim(roleClaim))) {
            throw new ApiRefusal(403, "API_ROLE_REQUIRED",
                    "your token does not carry the role '" + tokenRole + "' (claim '" + roleClaim + "') that the "
                            + "server API needs");
        }
        String subject = jwt.getSubject();
        return TOKEN_CALLER + (subject != null && !subject.isEmpty() ? subject : tokens.nameOf(jwt));
    }

    /** A role claim is an array of strings, or one string of roles separated by spaces (as {@code scope} is). */
    private boolean hasRole(Object claim) {
        if (claim instanceof Collection<?> roles) {
            for (Object role : roles) {
                String name = role instanceof JsonString js ? js.getString() : String.valueOf(role);
                if (tokenRole.equals(name)) {
                    return true;
                }
            }
            return false;
        }
        String roles = claim instanceof JsonString js ? js.getString() : claim instanceof String s ? s : null;
        return roles != null && List.of(roles.strip().split("\\s+")).contains(tokenRole);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
