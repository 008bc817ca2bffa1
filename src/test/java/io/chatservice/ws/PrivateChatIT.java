package io.chatservice.ws;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviours against the packaged service: the jar here, the native executable where one is built. */
@QuarkusIntegrationTest
class PrivateChatIT extends PrivateChatTest {
}
