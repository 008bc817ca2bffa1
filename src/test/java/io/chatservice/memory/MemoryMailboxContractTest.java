package io.chatservice.memory;

import io.chatservice.contract.MailboxContract;
import io.chatservice.contract.StreamNode;
import io.chatservice.mailbox.MailboxLimits;

/**
 * Mailboxes in the memory back end ({@code chat.broker=memory}): one process, so both nodes of the contract are that
 * process, with its one set of mailboxes, names, friends and blocks. The budget of all letters together is in
 * {@link MemoryMailboxesTest}.
 */
class MemoryMailboxContractTest extends MailboxContract {

    private MemoryStreams streams;

    @Override
    protected void startBackEnd() {
        streams = new MemoryStreams(500, new MailboxLimits(MAILBOX_SIZE, FROM_STRANGER, STRANGER_PLACES), MAX_BLOCKS);
    }

    @Override
    protected StreamNode node(String name) {
        return streams.node(name);
    }

    @Override
    protected void stopBackEnd() {
    }
}
