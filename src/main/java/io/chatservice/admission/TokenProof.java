package io.chatservice.admission;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.identity.Admitted;
import io.chatservice.identity.KeyProof;
import io.chatservice.identity.NameProof;
import io.chatservice.identity.Names;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code jwt} mode: every connection carries a JWT from the team's identity provider, and the name in its path must
 * be the one in the token ({@code chat.identity.name-claim}, {@code sub} by default). The token is looked for, in
 * this order:
 * <ul>
 * <li>an {@code Authorization: Bearer <token>} header: clients that are not browsers;</li>
 * <li>the same header made by Quarkus from the subprotocol {@code quarkus-http-upgrade#Authorization#Bearer%20<token>},
 * offered by a browser together with {@code chat}
 * ({@code quarkus.websockets-next.server.propagate-subprotocol-headers}): a browser's WebSocket cannot set headers,
 * and a subprotocol may hold no space, which Quarkus decodes from {@code %20};</li>
 * <li>the query parameter {@code access_token}: any client. The service logs request paths only, never queries.</li>
 * </ul>
 * The token is verified as the connection upgrades, by SmallRye JWT with the {@code mp.jwt.verify.*} settings. With
 * the key in the configuration or in a file, that is CPU work only, done on the event loop. Keys at an http(s)
 * location (a JWKS) are fetched, and fetched again when stale, by SmallRye JWT while it verifies: then every token is
 * verified on a worker thread, so that the event loop never waits for the identity provider.
 * What the check found waits in the connection's user data for {@link Admission}, which refuses the connection with
 * an error frame and 1008 when a token is missing, does not verify, or names someone else: a browser never sees the
 * status of a refused upgrade.
 * <p>
 * An admitted connection lasts as long as its token would still be accepted: until its {@code exp} and the clock
 * skew SmallRye JWT allows ({@code mp.jwt.verify.clock.skew}, 60 s by default).
 */
@Singleton
@Priority(TokenProof.CHECK_PRIORITY)
public class TokenProof implements NameProof, HttpUpgradeCheck {

    /**
     * Below the default of the other checks, which run first (higher first): a token is only verified for an upgrade
     * that the origin and rate rules let through, and this check, the last, may hold the request (see perform).
     */
    static final int CHECK_PRIORITY = -100;
    static final String ACCESS_TOKEN_PARAMETER = "access_token";

    private static final Logger LOG = Logger.getLogger(Admission.AUDIT);
    private static final TypedKey<Verified> VERIFIED = new TypedKey<>("chat.token");
    private static final TypedKey<ProtocolException> REFUSAL = new TypedKey<>("chat.token-refusal");
    private static final String BEARER = "Bearer ";

    private final Names holds;
    private final JWTParser parser;
    private final JWTAuthContextInfo verification;
    private final Vertx vertx;
    private final boolean tokens;
    private final String nameClaim;
    private volatile boolean remoteKeys;
    private volatile long skewMillis;

    /** @param parser and verification are used in {@code jwt} mode only: {@code names} mode needs no mp.jwt.* */
    public TokenProof(Names holds, JWTParser parser, JWTAuthContextInfo verification, Vertx vertx,
            ChatConfig config) {
        this.holds = holds;
        this.parser = parser;
        this.verification = verification;
        this.vertx = vertx;
        this.tokens = config.identity().mode() == IdentityMode.JWT;
        this.nameClaim = config.identity().nameClaim();
    }

    /** In {@code jwt} mode, a service without a key to verify tokens with does not start. */
    void checkKey(@Observes StartupEvent event) {
        if (!tokens) {
            return;
        }
        try {
            if (verification.getPublicKeyContent() == null && verification.getPublicKeyLocation() == null
                    && verification.getSecretKeyContent() == null
                    && verification.getPublicVerificationKey() == null
                    && verification.getSecretVerificationKey() == null) {
                throw new IllegalStateException("no key");
            }
            String location = verification.getPublicKeyLocation();
            remoteKeys = location != null && (location.startsWith("http://") || location.startsWith("https://"));
            skewMillis = TimeUnit.SECONDS.toMillis(verification.getClockSkew());
        } catch (RuntimeException e) {
            throw new IllegalStateException("chat.identity.mode=jwt needs a key to verify tokens with: set "
                    + "mp.jwt.verify.publickey.location (a PEM or JWK file, or the identity provider's JWKS URL) "
                    + "or mp.jwt.verify.publickey", e);
        }
    }

    /** Only in {@code jwt} mode: in {@code names} mode an upgrade does not pass through here at all. */
    @Override
    public boolean appliesTo(String endpointId) {
        return tokens;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String token = bearer(request);
        if (token == null) {
            token = KeyProof.queryParameter(request.query(), ACCESS_TOKEN_PARAMETER);
        }
        if (token == null || token.isEmpty()) {
            context.userData().put(REFUSAL, new ProtocolException(ErrorCode.TOKEN_REQUIRED, "a token is required: "
                    + "send it as Authorization: Bearer, or as the access_token query parameter"));
            return CheckResult.permitUpgrade();
        }
        if (!remoteKeys) {
            keep(context, verify(token));
            return CheckResult.permitUpgrade();
        }
        // Held until the check is done: WebSockets Next upgrades after the checks, and a request whose end Vert.x
        // has read by then can no longer upgrade ("Request has already been read"). The upgrade resumes it.
        request.pause();
        String presented = token;
        return Uni.createFrom()
                .completionStage(vertx.executeBlocking(() -> verify(presented), false).toCompletionStage())
                .map(outcome -> {
                    keep(context, outcome);
                    return CheckResult.permitUpgradeSync();
                });
    }

    @Override
    public CompletionStage<Admitted> admit(WebSocketConnection connection, String user) throws ProtocolException {
        ProtocolException refusal = connection.userData().remove(REFUSAL);
        if (refusal != null) {
            throw refusal;
        }
        Verified token = connection.userData().remove(VERIFIED);
        if (token == null) { // not upgraded through perform: cannot happen while appliesTo says yes
            throw new ProtocolException(ErrorCode.TOKEN_REQUIRED, "a token is required");
        }
        if (!token.name().equals(user)) {
            throw new ProtocolException(ErrorCode.NAME_MISMATCH,
                    "your token is for '" + token.name() + "', not for '" + user + "'");
        }
        return holds.admitProven(user).thenApply(admitted -> admitted.until(token.closesAt()));
    }

    /** Whether tokens are verified at all: {@code jwt} mode. */
    public boolean acceptsTokens() {
        return tokens;
    }

    /**
     * Whether verifying a token may wait for the identity provider (keys at an http(s) location): then it belongs on
     * a worker thread, never on the event loop.
     */
    public boolean verifiesRemotely() {
        return remoteKeys;
    }

    /**
     * Verifies a token exactly as a connection's is verified (signature, issuer, audience, expiry, name claim), for
     * callers other than a connection: the server API.
     *
     * @return the verified token, whose name claim is {@link #nameOf}
     * @throws ProtocolException {@code TOKEN_INVALID}, with a reason that quotes nothing of the token
     */
    public JsonWebToken prove(String token) throws ProtocolException {
        Object outcome = parse(token);
        if (outcome instanceof ProtocolException e) {
            throw e;
        }
        return (JsonWebToken) outcome;
    }

    /** The name a verified token names its holder by ({@code chat.identity.name-claim}). */
    public String nameOf(JsonWebToken jwt) {
        Object claim = jwt.getClaim(nameClaim);
        return claim instanceof String s ? s : claim instanceof JsonString js ? js.getString() : null;
    }

    /** @return what the token proves, or why it proves nothing: never throws, so that it can run on any thread */
    private Object verify(String token) {
        Object outcome = parse(token);
        if (outcome instanceof ProtocolException) {
            return outcome;
        }
        JsonWebToken jwt = (JsonWebToken) outcome;
        return new Verified(nameOf(jwt), TimeUnit.SECONDS.toMillis(jwt.getExpirationTime()) + skewMillis);
    }

    /** @return the verified token with a name, or why it is refused: never throws */
    private Object parse(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            // The cause names the check that failed; it may quote the claims, never the signature.
            LOG.debugf("a token did not verify: %s", e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return new ProtocolException(ErrorCode.TOKEN_INVALID,
                    hasExpired(e) ? "your token has expired" : "your token does not verify");
        } catch (RuntimeException e) {
            LOG.warnf("verifying a token failed: %s", e.toString());
            return new ProtocolException(ErrorCode.TOKEN_INVALID, "your token could not be verified");
        }
        String name = nameOf(jwt);
        if (name == null || name.isEmpty()) {
            return new ProtocolException(ErrorCode.TOKEN_INVALID, "your token has no " + nameClaim + " to name you by");
        }
        return jwt;
    }

    private static void keep(HttpUpgradeContext context, Object outcome) {
        if (outcome instanceof Verified verified) {
            context.userData().put(VERIFIED, verified);
        } else {
            context.userData().put(REFUSAL, (ProtocolException) outcome);
        }
    }

    /** The first {@code Authorization} header with the Bearer scheme (in any case); a browser may send Basic first. */
    static String bearer(HttpServerRequest request) {
        for (String value : request.headers().getAll("Authorization")) {
            if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                String token = value.substring(BEARER.length()).trim();
                if (!token.isEmpty()) {
                    return token;
                }
            }
        }
        return null;
    }

    private static boolean hasExpired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException invalid && invalid.hasExpired()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A verified token, kept from the upgrade to the admission; the token itself is not kept.
     *
     * @param closesAt its {@code exp} plus the allowed clock skew, in milliseconds since the epoch
     */
    private record Verified(String name, long closesAt) {
    }
}
