package io.chatservice.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Scrape;
import io.chatservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;

/** In {@code jwt} mode a connection is let in under the name its token gives, and only with a token that verifies. */
@QuarkusTest
@TestProfile(TokenProfile.class)
class TokenAdmissionTest extends ChatTestBase {

    private static final int REFUSED = 1008;
    private static final String TOKEN_REFUSALS = "chat_refusals_total{reason=\"token\"}";

    private ChatClient withBearer(String path, String token) {
        return connect(path, null, Map.of("Authorization", "Bearer " + token), List.of());
    }

    @Test
    void aBearerTokenAdmitsItsSubjectWithoutAKey() {
        String alice = unique("alice");

        JsonObject welcome = withBearer("/groupchat/" + alice, Tokens.token(alice)).next();

        assertEquals("welcome", welcome.getString("type"));
        assertEquals(alice, welcome.getString("user"));
        assertFalse(welcome.containsKey("key"), "the token is the proof: no key");
    }

    @Test
    void aClaimKeepsNothingAndSaysTheTokenProvesTheName() {
        String alice = unique("alice");
        ChatClient a = withBearer("/privateChat/" + alice, Tokens.token(alice));
        a.welcome();

        a.send(new JsonObject().put("type", "claim"));

        JsonObject claimed = a.awaitType("claimed");
        assertTrue(claimed.getString("info").contains("token"), claimed.encode());
    }

    @Test
    void anAccessTokenQueryParameterAdmitsItsSubject() {
        String alice = unique("alice");

        ChatClient a = connect("/privateChat/" + alice, "access_token=" + Tokens.token(alice));

        assertEquals(alice, a.welcome().getString("user"));
    }

    @Test
    void aBrowsersSubprotocolCarriesTheToken() {
        String alice = unique("alice");
        String header = "quarkus-http-upgrade#Authorization#Bearer%20" + Tokens.token(alice);

        ChatClient a = connect("/groupchat/" + alice, null, Map.of(), List.of("chat", header));

        assertEquals(alice, a.welcome().getString("user"));
        assertEquals("chat", a.subprotocol(), "the server chose chat; the token entry is not echoed");
    }

    @Test
    void aConnectionWithoutATokenIsRefused() {
        ChatClient anonymous = connect("/groupchat/" + unique("alice"), null);

        JsonObject first = anonymous.next();
        assertEquals("TOKEN_REQUIRED", first.getString("code"), "the error comes first, and no welcome");
        assertTrue(first.getString("info").contains("Authorization"));
        assertEquals(REFUSED, anonymous.awaitClose());
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        String alice = unique("alice");
        String forged = Tokens.claims(alice).sign(Tokens.strangersKeyPair().getPrivate());

        ChatClient impostor = withBearer("/groupchat/" + alice, forged);

        impostor.awaitError("TOKEN_INVALID");
        assertEquals(REFUSED, impostor.awaitClose());
    }

    @Test
    void anExpiredTokenIsRefused() {
        String alice = unique("alice");
        Instant now = Instant.now();
        String expired = Tokens.claims(alice).issuedAt(now.minusSeconds(600)).expiresAt(now.minusSeconds(60))
                .sign(Tokens.privateKey());

        ChatClient late = withBearer("/groupchat/" + alice, expired);

        assertTrue(late.awaitError("TOKEN_INVALID").getString("info").contains("expired"));
        assertEquals(REFUSED, late.awaitClose());
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        String alice = unique("alice");
        String foreign = Jwt.issuer("https://elsewhere.test").subject(alice).sign(Tokens.privateKey());

        ChatClient stranger = withBearer("/groupchat/" + alice, foreign);

        stranger.awaitError("TOKEN_INVALID");
        assertEquals(REFUSED, stranger.awaitClose());
    }

    @Test
    void aPathNamingSomeoneElseIsRefused() {
        String alice = unique("alice"), bob = unique("bob");

        ChatClient posing = withBearer("/privateChat/" + bob, Tokens.token(alice));

        JsonObject error = posing.awaitError("NAME_MISMATCH");
        assertTrue(error.getString("info").contains(alice) && error.getString("info").contains(bob));
        assertEquals(REFUSED, posing.awaitClose());
    }

    @Test
    void twoConnectionsWithOneTokenAreBothAdmittedAndBothReceiveAPrivateMessage() {
        String alice = unique("alice"), bob = unique("bob");
        String token = Tokens.token(alice);
        ChatClient tab1 = withBearer("/privateChat/" + alice, token);
        ChatClient tab2 = withBearer("/privateChat/" + alice, token);
        tab1.awaitType("presence");
        tab2.awaitType("presence");
        ChatClient b = withBearer("/privateChat/" + bob, Tokens.token(bob));
        b.awaitType("presence");

        b.send(tell(alice, "to both tabs"));

        assertEquals("to both tabs", tab1.nextMessage().getString("info"));
        assertEquals("to both tabs", tab2.nextMessage().getString("info"));
    }

    @Test
    void aKeyIsNoWayInUnderANameATokenHolderUses() {
        String alice = unique("alice");
        withBearer("/privateChat/" + alice, Tokens.token(alice)).awaitType("presence");

        ChatClient stranger = connect("/privateChat/" + alice, "key=" + "A".repeat(43));

        stranger.awaitError("TOKEN_REQUIRED");
        assertEquals(REFUSED, stranger.awaitClose());
    }

    @Test
    void refusedTokensAreCounted() {
        Scrape before = Scrape.now();

        connect("/groupchat/" + unique("alice"), null).awaitClose();

        assertTrue(Scrape.now().value(TOKEN_REFUSALS) > before.value(TOKEN_REFUSALS));
    }

    @Test
    void anAccessTokenIsNeverLogged() {
        String alice = unique("alice");
        String token = Tokens.token(alice);
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                String text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                lines.add(text + " " + Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            // Refused, so that the audit log writes its line about the connection at INFO.
            ChatClient posing = connect("/groupchat/" + unique("bob"), "access_token=" + token);
            posing.awaitError("NAME_MISMATCH");
            posing.awaitClose();
        } finally {
            root.removeHandler(capture);
        }

        synchronized (capture) {
            assertTrue(lines.stream().anyMatch(line -> line.contains("refused /groupchat/")), "audit: " + lines);
            assertTrue(lines.stream().noneMatch(line -> line.contains(token)), "no token in " + lines);
        }
    }
}
