package io.chatservice.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The {@code Chat-Signature} header, checked against a value computed by another tool (openssl dgst -hmac). */
class SignatureTest {

    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"user.online\",\"ts\":1700000000000,"
            + "\"data\":{\"user\":\"alice\"}}";

    @Test
    void theHeaderIsTheTimeAndTheHmacOfTheTimeADotAndTheBody() {
        assertEquals("t=1700000000,v1=e8eb6798b8f7cb4670ec5cebaa164ecd80ce783f7d20ee0b46ac9076bf74de58",
                new Signature("whsec-example").header(1700000000L, BODY));
    }

    @Test
    void anotherTimeSignsDifferently() {
        Signature signature = new Signature("whsec-example");
        assertNotEquals(signature.header(1700000000L, BODY).substring(14),
                signature.header(1700000001L, BODY).substring(14));
    }
}
