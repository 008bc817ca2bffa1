package io.chatservice.ws;

import io.chatservice.support.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link MessageChangesContract} with {@code chat.broker=redis}: each change one script on the stream's keys. */
@QuarkusTest
@TestProfile(PresencePrivacyContract.PresenceNotPublic.class)
@WithTestResource(RedisResource.class)
class RedisMessageChangesTest extends MessageChangesContract {
}
