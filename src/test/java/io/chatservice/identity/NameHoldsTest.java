package io.chatservice.identity;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.security.SecureRandom;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.chatservice.config.ChatConfig;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

class NameHoldsTest {

    private static NameHolds holds(Duration claimTtl, int maxPerUser) {
        ChatConfig config = mock(ChatConfig.class, RETURNS_DEEP_STUBS);
        when(config.identity().claimTtl()).thenReturn(claimTtl);
        when(config.limits().maxConnectionsPerUser()).thenReturn(maxPerUser);
        return new NameHolds(config);
    }

    private static ErrorCode refusal(NameHolds holds, String name, String key) {
        return assertThrows(ProtocolException.class, () -> holds.admitWithKey(name, key)).code();
    }

    @Test
    void aFreeNameIsTakenWithANewKey() throws Exception {
        String key = holds(Duration.ofDays(1), 10).admitWithKey("alice", null).key();

        assertTrue(Keys.isWellFormed(key));
    }

    @Test
    void aFreeNameIsTakenWithTheWellFormedKeyPresented() throws Exception {
        String mine = Keys.newKey(new SecureRandom());

        assertEquals(mine, holds(Duration.ofDays(1), 10).admitWithKey("alice", mine).key());
    }

    @Test
    void aKeyOfAnotherShapeIsNeverTaken() throws Exception {
        assertNotEquals("short", holds(Duration.ofDays(1), 10).admitWithKey("alice", "short").key());
    }

    @Test
    void aHeldNameNeedsItsKey() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        String key = holds.admitWithKey("alice", null).key();

        assertEquals(ErrorCode.NAME_TAKEN, refusal(holds, "alice", null));
        assertEquals(ErrorCode.NAME_TAKEN, refusal(holds, "alice", Keys.newKey(new SecureRandom())));
        assertEquals(key, holds.admitWithKey("alice", key).key());
    }

    @Test
    void aNameHasAtMostItsCapOfConnections() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 2);
        String key = holds.admitWithKey("alice", null).key();
        holds.admitWithKey("alice", key);

        assertEquals(ErrorCode.TOO_MANY_CONNECTIONS, refusal(holds, "alice", key));
        holds.disconnected("alice");
        holds.admitWithKey("alice", key);
    }

    @Test
    void allConnectionsOfANameShareOneSendBudget() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        Admitted first = holds.admitWithKey("alice", null);

        assertTrue(first.sendBudget() == holds.admitWithKey("alice", first.key()).sendBudget());
    }

    @Test
    void aClaimEndsItsTtlAfterTheLastConnectionClosed() throws Exception {
        NameHolds holds = holds(Duration.ofMillis(200), 10);
        holds.admitWithKey("alice", null);
        holds.claim("alice");
        holds.disconnected("alice");

        assertTrue(holds.isClaimed("alice"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !holds.isHeld("alice"));
        holds.admitWithKey("alice", null);
    }

    @Test
    void purgingForgetsExpiredClaimsOnly() throws Exception {
        NameHolds holds = holds(Duration.ofMinutes(1), 10);
        holds.admitWithKey("alice", null);
        holds.claim("alice");
        holds.disconnected("alice");
        holds.admitWithKey("bob", null);
        holds.claim("bob");
        holds.disconnected("bob");
        holds.admitWithKey("carol", null);

        holds.purgeExpired(System.currentTimeMillis() + Duration.ofMinutes(2).toMillis());

        assertFalse(holds.isHeld("alice"));
        assertFalse(holds.isHeld("bob"));
        assertTrue(holds.isHeld("carol"), "a connected name is never purged");
    }

    @Test
    void aProvenNameNeedsNoKey() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        holds.admitProven("alice");

        holds.admitProven("alice");
        holds.disconnected("alice");
        holds.disconnected("alice");

        assertFalse(holds.isHeld("alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Alice", "ALICE", "\uff41\uff4c\uff49\uff43\uff45",
            "\ud835\udc1a\ud835\udc25\ud835\udc22\ud835\udc1c\ud835\udc1e", "al\u0131ce" })
    void anotherSpellingOfAHeldNameIsTaken(String spelling) throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        String key = holds.admitWithKey("alice", null).key();

        assertEquals(ErrorCode.NAME_TAKEN, refusal(holds, spelling, null));
        assertEquals(ErrorCode.NAME_TAKEN, refusal(holds, spelling, key), "not even with the holder's key");
    }

    @Test
    void nfcAndNfdSpellingsAreOneName() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        holds.admitWithKey("jos\u00e9", null);

        assertEquals(ErrorCode.NAME_TAKEN, refusal(holds, "jose\u0301", null));
    }

    @Test
    void aClaimedNameRefusesOtherSpellingsWhileItsHolderIsAway() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        holds.admitWithKey("Alice", null);
        holds.claim("Alice");
        holds.disconnected("Alice");

        assertEquals(ErrorCode.NAME_TAKEN, refusal(holds, "alice", null));
    }

    @Test
    void takenReadsTheSameWhetherTheNameIsClaimedOrInUse() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        holds.admitWithKey("alice", null);
        holds.admitWithKey("bob", null);
        holds.claim("bob");
        holds.disconnected("bob");

        String inUse = assertThrows(ProtocolException.class, () -> holds.admitWithKey("alice", null)).reason();
        String claimed = assertThrows(ProtocolException.class, () -> holds.admitWithKey("bob", null)).reason();

        assertEquals(inUse.replace("alice", "bob"), claimed);
    }

    @Test
    void aClaimIsKeptForItsOwnSpellingOnly() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        holds.admitWithKey("Alice", null);
        holds.claim("Alice");

        assertNotNull(holds.claimedKeyHash("Alice"));
        assertNull(holds.claimedKeyHash("alice"), "a message to alice is not kept for Alice");
        assertNull(holds.keyHash("ALICE"));
    }

    @Test
    void anOperatorEndsTheClaimOfAnySpellingOfItsForm() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        holds.admitWithKey("Alice", null);
        holds.claim("Alice");
        holds.disconnected("Alice");

        assertEquals("Alice", holds.endClaim("ALICE"));

        assertFalse(holds.isHeld("Alice"));
        assertNull(holds.endClaim("Alice"), "nothing left to end");
        holds.admitWithKey("alice", null);
    }

    @Test
    void anEndedClaimLeavesTheConnectedHolderItsName() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        String key = holds.admitWithKey("alice", null).key();
        holds.claim("alice");

        assertEquals("alice", holds.endClaim("alice"));

        assertEquals(ErrorCode.NAME_TAKEN, refusal(holds, "alice", null));
        holds.admitWithKey("alice", key);
        holds.disconnected("alice");
        holds.disconnected("alice");
        assertFalse(holds.isHeld("alice"), "free once its connections closed");
    }

    @Test
    void aSubjectIsRefusedWhileAnotherSpellingOfItsNameIsConnected() throws Exception {
        NameHolds holds = holds(Duration.ofDays(1), 10);
        holds.admitProven("alice");

        assertThrows(ProtocolException.class, () -> holds.admitProven("Alice"));
        holds.disconnected("alice");
        holds.admitProven("Alice");
    }
}
