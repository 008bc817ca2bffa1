package io.chatservice.memory;

import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.chatservice.config.ChatConfig;
import io.chatservice.contract.StreamNode;
import io.chatservice.core.Envelope;
import io.chatservice.delivery.LocalFanout;
import io.chatservice.identity.NameHolds;
import io.chatservice.mailbox.MailboxLimits;
import io.chatservice.registry.ConnectionRegistry;

/**
 * The memory back end's streams as the producers build them for one process ({@code names} mode): history,
 * mailboxes, names, friends and blocks, and a fan-out that records what it is handed. Every node of a contract is
 * this process.
 */
final class MemoryStreams {

    static final Duration TTL = Duration.ofDays(7);
    static final Duration CID_WINDOW = Duration.ofMinutes(5);

    final ConnectionRegistry registry = new ConnectionRegistry();
    final List<Envelope> got = Collections.synchronizedList(new ArrayList<>());
    final MemoryHistory history;
    final MemoryMailboxes mailboxes;
    final LocalNames names;
    final MemoryFriends friends;
    final MemoryBlocks blocks;
    final InMemoryDelivery delivery;

    MemoryStreams(int size, MailboxLimits limits, int maxBlocks) {
        ChatConfig config = mock(ChatConfig.class, RETURNS_DEEP_STUBS);
        when(config.identity().claimTtl()).thenReturn(Duration.ofMinutes(5));
        when(config.limits().maxConnectionsPerUser()).thenReturn(0);
        when(config.limits().maxBlocks()).thenReturn(maxBlocks);
        NameHolds holds = new NameHolds(config);
        LocalOwners owners = new LocalOwners(holds, (LocalLastSeen) null);
        history = new MemoryHistory(size, TTL.toNanos(), CID_WINDOW.toNanos());
        names = new LocalNames(holds);
        friends = new MemoryFriends(owners, TTL);
        blocks = new MemoryBlocks(owners, config);
        mailboxes = new MemoryMailboxes(registry, owners, friends, limits, 0);
        delivery = new InMemoryDelivery(new RecordingFanout(), history, mailboxes);
    }

    /** A node of the contracts: this process, under another name. */
    StreamNode node(String id) {
        return new StreamNode(id, delivery, history, mailboxes, names, friends, blocks, got);
    }

    /** A fan-out with no connections behind it, that records each envelope it is handed. */
    private final class RecordingFanout extends LocalFanout {

        RecordingFanout() {
            super(registry, null, null);
        }

        @Override
        public void deliver(Envelope envelope) {
            got.add(envelope);
        }
    }
}
