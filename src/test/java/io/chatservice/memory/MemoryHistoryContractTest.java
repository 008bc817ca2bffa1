package io.chatservice.memory;

import io.chatservice.contract.HistoryContract;
import io.chatservice.contract.StreamNode;
import io.chatservice.mailbox.MailboxLimits;

/**
 * History in the memory back end ({@code chat.broker=memory}): one process, so every node of the contract is that
 * process, with its one history and its one fan-out. What is about the process's memory (the budget, the sweep of
 * empty rooms) is in {@link MemoryHistoryTest}.
 */
class MemoryHistoryContractTest extends HistoryContract {

    private MemoryStreams streams;

    @Override
    protected void startBackEnd() {
        streams = null;
    }

    @Override
    protected StreamNode node(String name, int size) {
        if (streams == null) {
            streams = new MemoryStreams(size, new MailboxLimits(100, 0, 0), 100);
        }
        return streams.node(name);
    }

    @Override
    protected void stopBackEnd() {
    }
}
