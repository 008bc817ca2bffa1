package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.chatservice.support.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link PresencePrivacyContract} with {@code chat.broker=redis}: presence is read from Redis, and only when needed.
 */
@QuarkusTest
@TestProfile(PresencePrivacyContract.PresenceNotPublic.class)
@WithTestResource(RedisResource.class)
class RedisPresencePrivacyTest extends PresencePrivacyContract {

    private static final Pattern PAGE_CALLS = Pattern.compile("cmdstat_zrangebylex:calls=(\\d+)");

    /** How many pages of members Redis has read (ZRANGEBYLEX, in the members script): reads of a scope's members. */
    private static long membersRead() {
        Matcher calls = PAGE_CALLS.matcher(RedisResource.server().cli("INFO", "commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void thePrivateChannelsMembersAreNotReadFromRedis() {
        long before = membersRead();

        direct(unique("alice"));
        direct(unique("bob"));

        assertEquals(before, membersRead());
    }
}
