package io.chatservice.memory;

import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;

import io.chatservice.config.ChatConfig;
import io.chatservice.contract.NamesContract;
import io.chatservice.identity.AddressClaims;
import io.chatservice.identity.NameHolds;

/**
 * Names in the memory back end ({@code chat.broker=memory}): one process, so both nodes of the contract are that
 * process and share its holds and its address counts.
 */
class MemoryNamesTest extends NamesContract {

    private LocalNames names;
    private final Map<Integer, AddressClaims> addressClaims = new HashMap<>();

    @Override
    protected void startBackEnd() {
        ChatConfig config = mock(ChatConfig.class, RETURNS_DEEP_STUBS);
        when(config.identity().claimTtl()).thenReturn(CLAIM_TTL);
        when(config.limits().maxConnectionsPerUser()).thenReturn(MOST);
        names = new LocalNames(new NameHolds(config));
    }

    @Override
    protected NameNode node(String id) {
        return new NameNode(names, perAddress -> addressClaims.computeIfAbsent(perAddress, LocalAddressClaims::new));
    }

    @Override
    protected void stopBackEnd() {
        addressClaims.clear();
    }
}
