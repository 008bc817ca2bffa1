package io.chatservice.ws;

import io.quarkus.test.junit.QuarkusTest;

/** {@link TypingContract} with the memory broker: notices go to this process's connections. */
@QuarkusTest
class TypingTest extends TypingContract {
}
