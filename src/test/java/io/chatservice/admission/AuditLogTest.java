package io.chatservice.admission;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.support.AuditLines;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With the audit log turned on, an operator sees who connected, from where, and why a connection was refused; never a secret or a text. */
@QuarkusTest
@TestProfile(AuditProfile.class)
class AuditLogTest extends ChatTestBase {

    private final AuditLines capture = new AuditLines();
    private final List<String> lines = capture.lines();

    @BeforeEach
    void listen() {
        capture.start();
    }

    @AfterEach
    void stopListening() {
        capture.stop();
    }

    @Test
    void aConnectIsLoggedWithNameAddressAndOrigin() {
        String alice = unique("alice");
        group(alice);

        await().atMost(ChatClient.WAIT).until(() -> lines.stream().anyMatch(line -> line.startsWith("connected")
                && line.contains(alice) && line.contains("127.0.0.1") && line.contains("http://")));
    }

    @Test
    void aRefusalIsLoggedWithItsReasonAndNoKey() {
        String alice = unique("alice");
        ChatClient holder = group(alice);
        String key = holder.key();
        ChatClient impostor = connect("/groupchat/" + alice, "key=" + key.substring(1) + "x");
        impostor.awaitClose();

        await().atMost(ChatClient.WAIT).until(() -> lines.stream().anyMatch(line -> line.startsWith("refused")
                && line.contains(alice) && line.contains("is taken")));
        assertFalse(lines.stream().anyMatch(line -> line.contains(key) || line.contains(key.substring(1))),
                "no key in the log: " + lines);
    }

    @Test
    void aCloseIsLoggedAndNoMessageTextIs() {
        String alice = unique("alice");
        ChatClient a = group(alice);
        a.send(say("a secret plan"));
        a.nextMessage();
        a.close();

        await().atMost(ChatClient.WAIT).until(() -> lines.stream().anyMatch(line -> line.startsWith("closed")
                && line.contains(alice)));
        assertFalse(lines.stream().anyMatch(line -> line.contains("secret plan")), "no text in the log");
    }
}
