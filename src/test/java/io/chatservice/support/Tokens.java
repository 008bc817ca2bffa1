package io.chatservice.support;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Tokens as a team's identity provider would issue them, signed with an RSA key pair made for this test run. The
 * pair is kept in system properties, so that the test profile (which gives the service the public key) and the tests
 * (which sign with the private key) share one pair, whichever class loader each of them was loaded by.
 */
public final class Tokens {

    public static final String ISSUER = "https://idp.chat.test";

    private static final String PUBLIC_KEY = "chatservice.test.jwt.public-key";
    private static final String PRIVATE_KEY = "chatservice.test.jwt.private-key";

    private static KeyPair strangers;

    private Tokens() {
    }

    /** The public key, as the base64 of its X.509 encoding: a form {@code mp.jwt.verify.publickey} takes. */
    public static String publicKey() {
        return keyProperty(PUBLIC_KEY);
    }

    public static PrivateKey privateKey() {
        try {
            byte[] pkcs8 = Base64.getDecoder().decode(keyProperty(PRIVATE_KEY));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key pair nobody trusts: the service refuses what it signs. */
    public static synchronized KeyPair strangersKeyPair() {
        if (strangers == null) {
            strangers = newKeyPair();
        }
        return strangers;
    }

    /** The claims of a token for {@code subject}, from the trusted issuer, valid for five minutes. */
    public static JwtClaimsBuilder claims(String subject) {
        return Jwt.issuer(ISSUER).subject(subject).issuedAt(Instant.now()).expiresIn(Duration.ofMinutes(5));
    }

    /** A valid token for {@code subject}. */
    public static String token(String subject) {
        return claims(subject).sign(privateKey());
    }

    private static String keyProperty(String name) {
        Properties properties = System.getProperties();
        synchronized (properties) {
            if (properties.getProperty(PUBLIC_KEY) == null) {
                KeyPair pair = newKeyPair();
                Base64.Encoder base64 = Base64.getEncoder();
                properties.setProperty(PRIVATE_KEY, base64.encodeToString(pair.getPrivate().getEncoded()));
                properties.setProperty(PUBLIC_KEY, base64.encodeToString(pair.getPublic().getEncoded()));
            }
            return properties.getProperty(name);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
