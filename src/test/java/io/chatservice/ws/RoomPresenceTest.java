package io.chatservice.ws;

import io.quarkus.test.junit.QuarkusTest;

/** {@link RoomPresenceContract} with the memory broker: pages and counts from this process's registry. */
@QuarkusTest
class RoomPresenceTest extends RoomPresenceContract {
}
