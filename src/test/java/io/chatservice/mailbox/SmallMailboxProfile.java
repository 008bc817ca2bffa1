package io.chatservice.mailbox;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Mailboxes of {@value #MAX_MESSAGES} messages, so that a test fills one with a few sends: strangers may fill
 * {@value #STRANGER_PLACES} of them, at most {@value #FROM_STRANGER} each. A user blocks at most
 * {@value #MAX_BLOCKS} names.
 */
public class SmallMailboxProfile implements QuarkusTestProfile {

    public static final int MAX_MESSAGES = 6;
    public static final int FROM_STRANGER = 2;
    /** Half of the mailbox. */
    public static final int STRANGER_PLACES = 3;
    public static final int MAX_BLOCKS = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("chat.offline.max-messages", Integer.toString(MAX_MESSAGES),
                "chat.offline.max-from-stranger", Integer.toString(FROM_STRANGER),
                "chat.offline.stranger-share", "0.5",
                "chat.limits.max-blocks", Integer.toString(MAX_BLOCKS));
    }
}
