package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.refusal;
import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.identity.AddressClaims;
import io.chatservice.identity.Admitted;
import io.chatservice.identity.Claims;
import io.chatservice.identity.Identity;
import io.chatservice.identity.Keys;
import io.chatservice.history.StreamKey;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.vertx.core.Vertx;

/** The rules of NameHolds over two nodes sharing Redis; run on a single server and on a Redis Cluster. */
abstract class NamesContract {

    static final Duration CLAIM_TTL = Duration.ofMillis(700);
    static final int MOST = 3;

    /** Started by each subclass, once per class. */
    protected static StateRedis redis;
    protected StateNodes nodes;
    protected StateNodes.Node a;
    protected StateNodes.Node b;
    private String tag;

    @BeforeEach
    void startNodes() {
        redis.flush();
        tag = UUID.randomUUID().toString().substring(0, 6);
        nodes = new StateNodes(redis.vertx, redis::options);
        a = nodes.start("a-" + tag, StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
        b = nodes.start("b-" + tag, StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.close();
    }

    protected String name(String base) {
        return base + "-" + tag;
    }

    @Test
    void withTokensASubjectReadsTheBackendsConversationUnderItsNameUntilASubjectOfThatNameWrites() {
        String bob = name("bob"), billing = name("billing");
        RedisPeers onA = new RedisPeers(a.state, true, Duration.ofMinutes(5).toMillis());
        RedisPeers onB = new RedisPeers(b.state, true, Duration.ofMinutes(5).toMillis());
        StreamKey withBackend = StreamKey.conversation(billing, "api", bob, Identity.SUBJECT);
        assertEquals(StreamKey.conversation(bob, billing), result(onB.conversation(bob, Identity.SUBJECT, billing)));

        onA.talked(withBackend);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> withBackend.equals(result(onB.conversation(bob, Identity.SUBJECT, billing))));
        onA.talked(StreamKey.conversation(bob, billing));
        await().atMost(Duration.ofSeconds(5)).until(() -> StreamKey.conversation(bob, billing)
                .equals(result(onB.conversation(bob, Identity.SUBJECT, billing))));
    }

    @Test
    void aNameInUseOnOneNodeIsTakenOnTheOther() {
        String ann = name("ann");
        Admitted first = result(a.names.admitWithKey(ann, null));
        assertTrue(Keys.isWellFormed(first.key()));

        refusal(b.names.admitWithKey(ann, null), ErrorCode.NAME_TAKEN);
        refusal(b.names.admitWithKey(ann, Keys.newKey(new SecureRandom())), ErrorCode.NAME_TAKEN);
        refusal(b.names.admitWithKey(ann, "not-a-key"), ErrorCode.NAME_TAKEN);
    }

    @Test
    void theNamesKeyAdmitsOnTheOtherNode() {
        String ann = name("ann");
        String key = result(a.names.admitWithKey(ann, null)).key();

        Admitted second = result(b.names.admitWithKey(ann, key));

        assertEquals(key, second.key());
    }

    @Test
    void aWellFormedKeyTakesAFreeName() {
        String key = Keys.newKey(new SecureRandom());
        assertEquals(key, result(a.names.admitWithKey(name("ann"), key)).key());
        assertEquals(key, result(b.names.admitWithKey(name("ann"), key)).key());
    }

    @Test
    void theConnectionCapCountsEveryNode() {
        String ann = name("ann");
        String key = result(a.names.admitWithKey(ann, null)).key();
        result(b.names.admitWithKey(ann, key));
        result(a.names.admitWithKey(ann, key));

        refusal(b.names.admitWithKey(ann, key), ErrorCode.TOO_MANY_CONNECTIONS);
        refusal(a.names.admitWithKey(ann, key), ErrorCode.TOO_MANY_CONNECTIONS);

        a.names.disconnected(ann);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.names.admitWithKey(ann, key)
                .handle((admitted, failure) -> failure == null).toCompletableFuture().get());
    }

    @Test
    void theCapCountsProvenConnectionsToo() {
        String ann = name("ann");
        for (int i = 0; i < MOST; i++) {
            assertNull(result((i % 2 == 0 ? a : b).names.admitProven(ann)).key());
        }
        refusal(b.names.admitProven(ann), ErrorCode.TOO_MANY_CONNECTIONS);
    }

    @Test
    void aClaimKeepsTheNameAfterItsLastConnectionUntilTheClaimTtl() {
        String ann = name("ann");
        String key = result(a.names.admitWithKey(ann, null)).key();
        assertTrue(result(a.names.claim(ann)));
        a.names.disconnected(ann);

        String reason = refusal(b.names.admitWithKey(ann, null), ErrorCode.NAME_TAKEN).reason();
        assertEquals("the name '" + ann + "' is taken", reason, "the same words as for a name in use");
        assertEquals(key, result(b.names.admitWithKey(ann, key)).key(), "its key still admits");
        b.names.disconnected(ann);

        long lastUse = System.nanoTime();
        await().atMost(CLAIM_TTL.plusSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> b.names
                .admitWithKey(ann, null).handle((admitted, failure) -> failure == null).toCompletableFuture().get());
        assertTrue(Duration.ofNanos(System.nanoTime() - lastUse).compareTo(CLAIM_TTL.minusMillis(100)) > 0, "not before");
    }

    @Test
    void anUnclaimedNameIsFreeWhenItsLastConnectionCloses() {
        String ann = name("ann");
        result(a.names.admitWithKey(ann, null));
        a.names.disconnected(ann);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.names.admitWithKey(ann, null)
                .handle((admitted, failure) -> failure == null).toCompletableFuture().get());
    }

    @Test
    void releaseFreesAClaimedName() {
        String ann = name("ann");
        String key = result(a.names.admitWithKey(ann, null)).key();
        assertTrue(result(a.names.claim(ann)));
        result(a.names.release(ann));
        a.names.disconnected(ann);

        String fresh = result(b.names.admitWithKey(ann, null)).key();
        assertNotEquals(key, fresh);
    }

    @Test
    void aProvenNameHasNothingToClaim() {
        String ann = name("ann");
        result(a.names.admitProven(ann));
        assertFalse(result(b.names.claim(ann)));
        assertFalse(result(b.names.claim(name("nobody"))));
    }

    @Test
    void aDeadNodesConnectionsStopCounting() {
        StateNodes.Node c = nodes.start("c-" + tag, StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
        String carl = name("carl");
        String cleo = name("cleo");
        String key = result(c.names.admitWithKey(carl, null)).key();
        for (int i = 1; i < MOST; i++) {
            result(c.names.admitWithKey(carl, key));
        }
        result(c.names.admitWithKey(cleo, null));
        refusal(a.names.admitWithKey(carl, key), ErrorCode.TOO_MANY_CONNECTIONS);

        c.crash();

        await().atMost(StateNodes.NODE_TIMEOUT.plusMillis(500)).pollInterval(Duration.ofMillis(50)).until(() -> a.names
                .admitWithKey(cleo, null).handle((admitted, failure) -> failure == null).toCompletableFuture().get());
        for (int i = 0; i < MOST; i++) {
            result(b.names.admitWithKey(carl, key));
        }
    }

    @Test
    void anotherSpellingOfANameInUseIsTakenOnTheOtherNode() {
        String ann = name("ann");
        String key = result(a.names.admitWithKey(ann, null)).key();

        refusal(b.names.admitWithKey(ann.toUpperCase(), null), ErrorCode.NAME_TAKEN);
        refusal(b.names.admitWithKey(ann.toUpperCase(), key), ErrorCode.NAME_TAKEN);
        refusal(b.names.admitWithKey(ann.replace('a', '\uff41'), null), ErrorCode.NAME_TAKEN);
        assertEquals(key, result(b.names.admitWithKey(ann, key)).key(), "the holder's own spelling");
    }

    @Test
    void inUseAndClaimedReadTheSame() {
        String ann = name("ann"), bob = name("bob");
        result(a.names.admitWithKey(ann, null));
        result(a.names.admitWithKey(bob, null));
        assertTrue(result(a.names.claim(bob)));
        a.names.disconnected(bob);

        String inUse = refusal(b.names.admitWithKey(ann, null), ErrorCode.NAME_TAKEN).reason();
        String claimed = refusal(b.names.admitWithKey(bob, null), ErrorCode.NAME_TAKEN).reason();

        assertEquals(inUse.replace(ann, bob), claimed);
    }

    @Test
    void aClaimedSpellingHoldsItsFormWhileItsHolderIsAway() {
        String ann = name("Ann");
        result(a.names.admitWithKey(ann, null));
        assertTrue(result(a.names.claim(ann)));
        a.names.disconnected(ann);

        refusal(b.names.admitWithKey(ann.toLowerCase(), null), ErrorCode.NAME_TAKEN);
        assertTrue(result(b.names.isClaimed(ann)));
        assertFalse(result(b.names.isClaimed(ann.toLowerCase())), "claimed for its own spelling only");
    }

    @Test
    void anOperatorEndsAClaimFromAnyNodeByAnySpelling() {
        String ann = name("Ann");
        result(a.names.admitWithKey(ann, null));
        assertTrue(result(a.names.claim(ann)));
        a.names.disconnected(ann);

        assertEquals(ann, result(b.names.endClaim(ann.toUpperCase())));

        assertNull(result(a.names.endClaim(ann)), "nothing left to end");
        assertFalse(result(a.names.isClaimed(ann)));
        assertTrue(Keys.isWellFormed(result(b.names.admitWithKey(ann.toLowerCase(), null)).key()));
    }

    @Test
    void anEndedClaimLeavesTheConnectedHolderItsName() {
        String ann = name("ann");
        String key = result(a.names.admitWithKey(ann, null)).key();
        assertTrue(result(a.names.claim(ann)));

        assertEquals(ann, result(b.names.endClaim(ann)));

        refusal(b.names.admitWithKey(ann, null), ErrorCode.NAME_TAKEN);
        assertEquals(key, result(b.names.admitWithKey(ann, key)).key());
        a.names.disconnected(ann);
        b.names.disconnected(ann);
        await().atMost(Duration.ofSeconds(2)).until(() -> a.names.admitWithKey(ann, null)
                .handle((admitted, failure) -> failure == null).toCompletableFuture().get());
    }

    @Test
    void aProvenSubjectIsRefusedWhileAnotherSpellingIsConnected() {
        String ann = name("ann");
        result(a.names.admitProven(ann));

        refusal(b.names.admitProven(ann.toUpperCase()), ErrorCode.NAME_TAKEN);
        a.names.disconnected(ann);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.names.admitProven(ann.toUpperCase())
                .handle((admitted, failure) -> failure == null).toCompletableFuture().get());
    }

    @Test
    void anAddressClaimsItsDailyNamesOverEveryNode() {
        String address = "203.0.113." + Math.floorMod(tag.hashCode(), 200);
        RedisAddressClaims onA = new RedisAddressClaims(a.state, 2);
        RedisAddressClaims onB = new RedisAddressClaims(b.state, 2);

        assertEquals(0L, result(onA.take(address)));
        assertEquals(0L, result(onB.take(address)));
        long wait = result(onA.take(address));

        assertTrue(wait > 0 && wait <= AddressClaims.DAY_MILLIS, "a day from the first claim: " + wait);
        assertTrue(result(onB.take(address)) > 0);
        assertEquals(0L, result(onB.take(address + "1")), "another address has its own count");
    }

    @Test
    void claimsCountAnAddressOverEveryNodeAndRenewalsAreFree() {
        String address = "198.51.100." + Math.floorMod(tag.hashCode(), 200);
        Claims onA = claims(a, 2), onB = claims(b, 2);
        String ann = name("ann"), bob = name("bob"), cid = name("cid");
        result(a.names.admitWithKey(ann, null));
        result(b.names.admitWithKey(bob, null));
        result(b.names.admitWithKey(cid, null));

        assertTrue(result(onA.claim(ann, address)));
        assertTrue(result(onB.claim(ann, address)), "a renewal, on any node");
        assertTrue(result(onB.claim(bob, address)));

        ProtocolException refused = refusal(onA.claim(cid, address), ErrorCode.CLAIM_LIMIT);
        assertTrue(refused.retryAfterMs() > 0);
        assertFalse(result(a.names.isClaimed(cid)));
    }

    private static Claims claims(StateNodes.Node node, int perAddress) {
        ChatConfig config = mock(ChatConfig.class, RETURNS_DEEP_STUBS);
        when(config.limits().claimsPerAddress()).thenReturn(perAddress);
        when(config.limits().maxClaims()).thenReturn(100);
        when(config.identity().claimTtl()).thenReturn(CLAIM_TTL);
        when(config.identity().mode()).thenReturn(IdentityMode.NAMES);
        return new Claims(node.names, new RedisAddressClaims(node.state, perAddress), config);
    }
}
