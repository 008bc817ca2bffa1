package io.chatservice.ws;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.certs.Format;
import io.smallrye.certs.junit5.Certificate;
import io.smallrye.certs.junit5.Certificates;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;

/**
 * Chat over wss:// and the page over https, with a certificate made for the test (CN and SAN localhost) and trusted
 * through the trust store generated with it: no client here skips verification.
 */
@Tag("slow")
@Certificates(baseDir = TlsProfile.CERTIFICATES, certificates = {
        @Certificate(name = TlsProfile.NAME, password = TlsProfile.PASSWORD, formats = Format.PKCS12),
        @Certificate(name = TlsChatTest.STRANGER, password = TlsProfile.PASSWORD, formats = Format.PKCS12) })
@QuarkusTest
@TestProfile(TlsProfile.class)
class TlsChatTest extends ChatTestBase {

    /** Another CA's certificate: a client that trusts only it must not get in. */
    static final String STRANGER = "chat-tls-stranger";

    @TestHTTPResource(value = "/", tls = true)
    URI https;

    private static TrustOptions trust() {
        return new PfxOptions().setPath(TlsProfile.TRUST_STORE).setPassword(TlsProfile.PASSWORD);
    }

    private static TrustOptions strangersTrust() {
        return new PfxOptions().setPath(TlsProfile.CERTIFICATES + "/" + STRANGER + "-truststore.p12")
                .setPassword(TlsProfile.PASSWORD);
    }

    private ChatClient groupOverTls(String user, String room) {
        ChatClient client = connectTls(https, "/groupchat/" + user + "/" + room, trust());
        client.awaitType("presence");
        return client;
    }

    private ChatClient directOverTls(String user) {
        ChatClient client = connectTls(https, "/privateChat/" + user, trust());
        client.awaitType("presence");
        return client;
    }

    @Test
    void groupMessageCrossesWss() {
        String room = unique("room");
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = groupOverTls(alice, room);
        ChatClient b = groupOverTls(bob, room);

        a.send(say("hello over tls"));

        for (ChatClient member : List.of(a, b)) {
            JsonObject frame = member.nextMessage();
            assertEquals("hello over tls", frame.getString("info"));
            assertEquals(alice, frame.getString("from_user"));
            assertEquals(room, frame.getString("room"));
        }
    }

    @Test
    void privateMessageCrossesWss() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = directOverTls(alice);
        ChatClient b = directOverTls(bob);

        a.send(tell(bob, "just for you, encrypted"));

        JsonObject frame = b.nextMessage();
        assertEquals("just for you, encrypted", frame.getString("info"));
        assertEquals(alice, frame.getString("from_user"));
        assertEquals(bob, frame.getString("to_user"));
    }

    @Test
    void clientThatDoesNotTrustTheCertificateIsNotConnected() {
        AssertionError refused = assertThrows(AssertionError.class,
                () -> connectTls(https, "/groupchat/" + unique("eve"), strangersTrust()));

        assertTrue(causes(refused).anyMatch(SSLHandshakeException.class::isInstance), "refused in the TLS handshake");
    }

    private static Stream<Throwable> causes(Throwable t) {
        return Stream.iterate(t, Objects::nonNull, Throwable::getCause);
    }

    @Test
    void chatPageAnswersOverHttps() {
        given().trustStore(new File(TlsProfile.TRUST_STORE), TlsProfile.PASSWORD)
                .when().get(https.resolve("/chat")).then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("id=\"login-form\""));
    }

    @Test
    void plainHttpIsRedirectedToHttps() {
        given().redirects().follow(false)
                .when().get(base.resolve("/chat")).then()
                .statusCode(301)
                .header("Location", startsWith("https://"));
    }
}
