package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** The seed trusted {@code from_user} from the client; the service takes it from the connection. */
@QuarkusTest
class SenderIdentityTest extends ChatTestBase {

    @Test
    void spoofedFromUserInAGroupMessageIsReplacedByTheSender() {
        String room = unique("room");
        String mallory = unique("mallory"), alice = unique("alice");
        ChatClient m = group(mallory, room);
        ChatClient a = group(alice, room);

        m.send(new JsonObject().put("from_user", alice).put("info", "I am alice"));

        assertEquals(mallory, a.nextMessage().getString("from_user"));
    }

    @Test
    void spoofedFromUserInAPrivateMessageIsReplacedByTheSender() {
        String mallory = unique("mallory"), alice = unique("alice"), bob = unique("bob");
        ChatClient m = direct(mallory);
        ChatClient b = direct(bob);

        m.send(new JsonObject().put("from_user", alice).put("to_user", bob).put("info", "I am alice"));

        assertEquals(mallory, b.nextMessage().getString("from_user"));
    }
}
