package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.refusal;
import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.identity.Admitted;
import io.chatservice.identity.Keys;
import io.chatservice.protocol.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;

/** The rules of NameHolds over two nodes sharing Redis; run on a single server and on a Redis Cluster. */
abstract class NamesContract {

    static final Duration CLAIM_TTL = Duration.ofMillis(700);
    static final int MOST = 3;

    protected static Vertx vertx;
    protected StateNodes nodes;
    protected StateNodes.Node a;
    protected StateNodes.Node b;
    private String tag;

    protected abstract RedisOptions options();

    protected abstract void flush();

    @BeforeEach
    void startNodes() {
        flush();
        tag = UUID.randomUUID().toString().substring(0, 6);
        nodes = new StateNodes(vertx, this::options);
        a = nodes.start("a-" + tag, StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
        b = nodes.start("b-" + tag, StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
    }

    @AfterEach
    void stopNodes() {
        nodes.close();
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
        assertTrue(reason.contains("claimed"), reason);
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
}
