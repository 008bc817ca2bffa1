package io.chatservice.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With the identity provider's JWKS URL as the key location, SmallRye JWT fetches the keys while it verifies the
 * first token. That fetch must not hold up the service's one event loop: here the JWKS answer is held back until
 * the service has answered another request.
 */
@Tag("slow") // an application of its own
@QuarkusTest
@TestProfile(TokenJwksTest.JwksProfile.class)
class TokenJwksTest extends ChatTestBase {

    private static final String PORT = "chatservice.test.jwks-port";
    private static final String KEY_ID = "team-key";

    private static final CountDownLatch requested = new CountDownLatch(1);
    private static final CountDownLatch release = new CountDownLatch(1);
    private static final AtomicBoolean answered = new AtomicBoolean();
    private static HttpServer jwks;

    /** {@code jwt} mode with the keys at an http URL, served by this test. */
    public static class JwksProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.identity.mode", "jwt",
                    "mp.jwt.verify.publickey.location", "http://127.0.0.1:" + jwksPort() + "/jwks.json",
                    "mp.jwt.verify.issuer", Tokens.ISSUER);
        }
    }

    /** Chosen once per test run, in a system property that the profile and the test class both read. */
    static int jwksPort() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PORT) == null) {
                try (ServerSocket free = new ServerSocket(0)) {
                    System.setProperty(PORT, Integer.toString(free.getLocalPort()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return Integer.parseInt(System.getProperty(PORT));
        }
    }

    @BeforeAll
    static void startJwks() throws Exception {
        byte[] body = jwksOf(Tokens.publicKey()).getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", jwksPort()), 0);
        jwks.createContext("/jwks.json", exchange -> {
            requested.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            answered.set(true);
        });
        jwks.start();
    }

    @AfterAll
    static void stopJwks() {
        release.countDown();
        jwks.stop(0);
    }

    @Test
    void fetchingTheJwksDoesNotHoldUpTheEventLoop() throws Exception {
        String alice = unique("alice");
        String token = Tokens.claims(alice).jws().keyId(KEY_ID).sign(Tokens.privateKey());
        CompletableFuture<ChatClient> connecting = CompletableFuture.supplyAsync(
                () -> connect("/groupchat/" + alice, null, Map.of("Authorization", "Bearer " + token), List.of()));
        assertTrue(requested.await(ChatClient.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the keys were asked for");

        HttpRequest probe = HttpRequest.newBuilder(base.resolve("/q/health/live")).timeout(Duration.ofSeconds(20))
                .build();
        HttpResponse<String> live = HttpClient.newHttpClient().send(probe, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, live.statusCode());

        assertFalse(answered.get(), "the service answered while its key fetch was still waiting");
        release.countDown();
        ChatClient a = connecting.get(ChatClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(alice, a.welcome().getString("user"), "verified with the fetched key");
    }

    private static String jwksOf(String x509Base64) throws Exception {
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(x509Base64)));
        return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + KEY_ID + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + unsigned(key.getModulus()) + "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}";
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
