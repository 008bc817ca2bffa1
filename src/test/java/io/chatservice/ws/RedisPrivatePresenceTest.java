package io.chatservice.ws;

import io.chatservice.support.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link PrivatePresenceContract} with {@code chat.broker=redis}: watched users are read by form from Redis, and the
 * online users from an ordered index there.
 */
@QuarkusTest
@WithTestResource(RedisResource.class)
class RedisPrivatePresenceTest extends PrivatePresenceContract {
}
