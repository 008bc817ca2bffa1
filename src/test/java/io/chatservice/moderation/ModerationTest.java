package io.chatservice.moderation;

import io.chatservice.admission.AuditProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ModerationContract} on the memory broker: this process keeps the bans and mutes. */
@QuarkusTest
@TestProfile(AuditProfile.class)
class ModerationTest extends ModerationContract {
}
