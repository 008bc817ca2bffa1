package io.chatservice.ws;

import io.chatservice.support.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link RoomPresenceContract} with {@code chat.broker=redis}: pages from each scope's sorted set, counts from the
 * cluster, and room changes that travel through Redis to be gathered.
 */
@QuarkusTest
@WithTestResource(RedisResource.class)
class RedisRoomPresenceTest extends RoomPresenceContract {
}
