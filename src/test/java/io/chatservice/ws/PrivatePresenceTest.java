package io.chatservice.ws;

import io.quarkus.test.junit.QuarkusTest;

/** {@link PrivatePresenceContract} on the memory broker. */
@QuarkusTest
class PrivatePresenceTest extends PrivatePresenceContract {
}
