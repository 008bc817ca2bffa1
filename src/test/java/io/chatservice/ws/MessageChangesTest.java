package io.chatservice.ws;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link MessageChangesContract} with the memory broker: the changes made in the process's history under its lock. */
@QuarkusTest
@TestProfile(PresencePrivacyContract.PresenceNotPublic.class)
class MessageChangesTest extends MessageChangesContract {
}
