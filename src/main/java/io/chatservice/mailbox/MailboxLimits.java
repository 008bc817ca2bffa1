package io.chatservice.mailbox;

import io.chatservice.config.ChatConfig;

/**
 * How much of a mailbox a sender may fill. A stranger, someone the mailbox's owner never wrote to, is held to
 * {@code maxFromStranger} messages of their own and, with all other strangers, to {@code strangerPlaces}: so a few
 * names cannot fill the mailbox and leave no room for the people the owner talks to, whose messages are kept while
 * the mailbox has room at all. Each stranger limit is off at 0.
 *
 * @param maxMessages the mailbox's places ({@code chat.offline.max-messages})
 * @param maxFromStranger places one stranger may take ({@code chat.offline.max-from-stranger})
 * @param strangerPlaces places all strangers together may take ({@code chat.offline.stranger-share} of them)
 */
public record MailboxLimits(int maxMessages, int maxFromStranger, int strangerPlaces) {

    /** @throws IllegalArgumentException for a share outside 0 to 1 */
    public static MailboxLimits from(ChatConfig.Offline offline) {
        double share = offline.strangerShare();
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("chat.offline.stranger-share must be from 0 to 1, not " + share);
        }
        int places = share == 0 || share == 1 ? 0 : Math.max(1, (int) Math.floor(offline.maxMessages() * share));
        return new MailboxLimits(offline.maxMessages(), offline.maxFromStranger(), places);
    }

    /** Whether a stranger with {@code fromThem} messages kept, of {@code fromStrangers} by all, may have one more. */
    public boolean strangerMayAdd(int fromThem, int fromStrangers) {
        return (maxFromStranger <= 0 || fromThem < maxFromStranger)
                && (strangerPlaces <= 0 || fromStrangers < strangerPlaces);
    }

    /** Whether a mailbox that holds {@code held} messages has room for one more. */
    public boolean hasRoom(int held) {
        return held < maxMessages;
    }
}
