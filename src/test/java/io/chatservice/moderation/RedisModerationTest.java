package io.chatservice.moderation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.chatservice.admission.AuditProfile;
import io.chatservice.protocol.NameForms;
import io.chatservice.support.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link ModerationContract} with {@code chat.broker=redis}: bans and mutes are kept in Redis and told to every node
 * over pub/sub (two nodes: {@code ModerationClusterIT}).
 */
@QuarkusTest
@TestProfile(AuditProfile.class)
@WithTestResource(RedisResource.class)
class RedisModerationTest extends ModerationContract {

    @Test
    void aBanIsKeptInRedisUntilItEnds() {
        String alice = letters('a');
        ban(alice, "{\"duration\":\"1h\",\"reason\":\"spam\"}");

        // Under the name's form, which every spelling of it shares.
        String kept = RedisResource.server().cli("HGET", "chat:{moderation}:bans", NameForms.userForm(alice));
        assertTrue(kept.contains("spam"), kept);
        long ttl = Long.parseLong(RedisResource.server().cli("PTTL", "chat:{moderation}:bans").strip());
        assertTrue(ttl > 3_500_000, "expires with its last ban: " + ttl);
    }

    @Test
    void aMuteIsKeptInRedisUntilItEnds() {
        String room = unique("room"), alice = letters('a');
        mute(room, alice, "{\"duration\":\"10m\"}");

        String kept = RedisResource.server().cli("HGET", "chat:{moderation}:mutes",
                room + "\n" + NameForms.userForm(alice));
        assertTrue(kept.contains(alice), kept);
    }
}
