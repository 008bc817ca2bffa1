package io.chatservice.ws;

import io.chatservice.support.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link TypingContract} with {@code chat.broker=redis}: room notices published on the room's channel, notices to a
 * user on the private channel, and blocks read from Redis.
 */
@QuarkusTest
@WithTestResource(RedisResource.class)
class RedisTypingTest extends TypingContract {
}
