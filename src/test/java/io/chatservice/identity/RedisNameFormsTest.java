package io.chatservice.identity;

import io.chatservice.support.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link NameFormsContract} with {@code chat.broker=redis}: holds keyed by form, and rooms folded, over the cluster. */
@QuarkusTest
@WithTestResource(RedisResource.class)
class RedisNameFormsTest extends NameFormsContract {
}
