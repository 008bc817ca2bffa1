package io.chatservice.identity;

import io.quarkus.test.junit.QuarkusTest;

/** {@link NameFormsContract} with the memory broker. */
@QuarkusTest
class NameFormsTest extends NameFormsContract {
}
