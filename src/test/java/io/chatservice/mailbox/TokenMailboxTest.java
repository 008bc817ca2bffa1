package io.chatservice.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.identity.TokenProfile;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * In {@code jwt} mode a token's subject claims nothing: a private message to it while it is offline is kept if it
 * had a connection within {@code chat.offline.retention}, and handed to its next private connection; the subject's
 * block list and the names it wrote to hold while it is away.
 */
@QuarkusTest
@TestProfile(TokenProfile.class)
class TokenMailboxTest extends ChatTestBase {

    /** {@code chat.offline.max-from-stranger}'s default. */
    private static final int DEFAULT_FROM_STRANGER = 20;

    private ChatClient withToken(String user) {
        ChatClient client = connect("/privateChat/" + user, null, Map.of("Authorization", "Bearer " + Tokens.token(user)),
                List.of());
        client.awaitType("presence");
        return client;
    }

    @Test
    void aMessageToASubjectSeenWithinTheRetentionIsQueuedAndHandedToItsNextConnection() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = withToken(alice);
        watch(a, bob);
        withToken(bob).close();
        a.await(f -> "leave".equals(f.getString("type")) && bob.equals(f.getString("from_user")), "leave of " + bob);

        a.send(tell(bob, "while you were out").put("cid", "a1"));

        assertEquals("queued", a.await(f -> "a1".equals(f.getString("cid")), "ack").getString("status"));
        ChatClient b = withToken(bob);
        JsonObject kept = b.nextMessage();
        assertEquals("while you were out", kept.getString("info"));
        assertEquals(Boolean.TRUE, kept.getBoolean("history"));
        assertEquals(1, b.awaitType("history").getInteger("count"));
    }

    @Test
    void aMessageToASubjectNeverSeenGetsUserOffline() {
        String alice = unique("alice"), stranger = unique("stranger");
        ChatClient a = withToken(alice);

        a.send(tell(stranger, "hello?"));

        assertEquals(stranger, a.awaitError("USER_OFFLINE").getString("to_user"));
    }

    @Test
    void aSubjectsBlockHoldsWhileItIsAway() {
        String bob = unique("bob"), mal = unique("mal");
        ChatClient m = withToken(mal);
        ChatClient b = withToken(bob);
        b.send(new JsonObject().put("type", "block").put("user", mal));
        b.awaitType("blocked");
        watch(m, bob);
        b.close();
        m.await(f -> "leave".equals(f.getString("type")) && bob.equals(f.getString("from_user")), "leave of " + bob);

        m.send(tell(bob, "while you were out"));

        assertEquals(bob, m.awaitError("BLOCKED").getString("to_user"));
    }

    @Test
    void aStrangerToASubjectIsHeldToTheirShareAndSomeoneTheSubjectWroteToIsNot() {
        String bob = unique("bob"), friend = unique("friend"), stranger = unique("stranger");
        ChatClient f = withToken(friend);
        ChatClient s = withToken(stranger);
        ChatClient b = withToken(bob);
        b.send(tell(friend, "write any time").put("cid", "w1"));
        b.await(frame -> "w1".equals(frame.getString("cid")), "ack");
        watch(f, bob);
        b.close();
        f.await(frame -> "leave".equals(frame.getString("type")) && bob.equals(frame.getString("from_user")),
                "leave of " + bob);

        for (int i = 1; i <= DEFAULT_FROM_STRANGER + 1; i++) {
            f.send(tell(bob, "from a friend " + i).put("cid", "f" + i));
            s.send(tell(bob, "from a stranger " + i).put("cid", "s" + i));
        }

        String last = "f" + (DEFAULT_FROM_STRANGER + 1);
        assertEquals("queued", f.await(frame -> last.equals(frame.getString("cid")), "ack").getString("status"));
        String over = "s" + (DEFAULT_FROM_STRANGER + 1);
        assertEquals("MAILBOX_FULL", s.await(frame -> over.equals(frame.getString("cid")), "answer").getString("code"));
    }
}
