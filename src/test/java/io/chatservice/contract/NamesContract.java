package io.chatservice.contract;

import static io.chatservice.contract.Results.refusal;
import static io.chatservice.contract.Results.result;
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
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.identity.AddressClaims;
import io.chatservice.identity.Admitted;
import io.chatservice.identity.Claims;
import io.chatservice.identity.Keys;
import io.chatservice.identity.Names;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/**
 * The rules of names over two nodes of one back end: run on the memory back end, on a single Redis server and on a
 * Redis Cluster. A new back end implements {@link Names} and {@link AddressClaims} and runs these too.
 */
public abstract class NamesContract {

    protected static final Duration CLAIM_TTL = Duration.ofMillis(700);
    protected static final int MOST = 3;

    protected NameNode a;
    protected NameNode b;
    protected String tag;

    /**
     * One node of the back end under test: its names, and its count of the names each address claimed. Two nodes
     * are two processes of one cluster; with the memory back end, which is one process, they share its state.
     */
    protected static final class NameNode {
        public final Names names;
        /** the count of names an address claimed today, allowing the given number a day */
        public final IntFunction<AddressClaims> addressClaims;

        public NameNode(Names names, IntFunction<AddressClaims> addressClaims) {
            this.names = names;
            this.addressClaims = addressClaims;
        }
    }

    /** Readies an empty back end for one test. */
    protected abstract void startBackEnd();

    /** A node whose names are held {@link #CLAIM_TTL} after their last use, {@link #MOST} connections each. */
    protected abstract NameNode node(String id);

    protected abstract void stopBackEnd();

    @BeforeEach
    void startNodes() {
        tag = UUID.randomUUID().toString().substring(0, 6);
        startBackEnd();
        a = node("a-" + tag);
        b = node("b-" + tag);
    }

    @AfterEach
    void stopNodes() {
        stopBackEnd();
    }

    protected String name(String base) {
        return base + "-" + tag;
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
        AddressClaims onA = a.addressClaims.apply(2);
        AddressClaims onB = b.addressClaims.apply(2);

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

    private static Claims claims(NameNode node, int perAddress) {
        ChatConfig config = mock(ChatConfig.class, RETURNS_DEEP_STUBS);
        when(config.limits().claimsPerAddress()).thenReturn(perAddress);
        when(config.limits().maxClaims()).thenReturn(100);
        when(config.identity().claimTtl()).thenReturn(CLAIM_TTL);
        when(config.identity().mode()).thenReturn(IdentityMode.NAMES);
        return new Claims(node.names, node.addressClaims.apply(perAddress), config);
    }
}
