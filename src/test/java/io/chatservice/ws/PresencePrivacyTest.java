package io.chatservice.ws;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link PresencePrivacyContract} on the memory broker. */
@QuarkusTest
@TestProfile(PresencePrivacyContract.PresenceNotPublic.class)
class PresencePrivacyTest extends PresencePrivacyContract {
}
