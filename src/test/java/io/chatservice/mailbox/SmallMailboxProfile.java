package io.chatservice.mailbox;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Mailboxes of {@value #MAX_MESSAGES} messages, so that a test fills one with a few sends. */
public class SmallMailboxProfile implements QuarkusTestProfile {

    static final int MAX_MESSAGES = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("chat.offline.max-messages", Integer.toString(MAX_MESSAGES));
    }
}
