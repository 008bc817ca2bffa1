package io.chatservice.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.core.Blocks;
import io.chatservice.core.Stages;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/** Block lists in this process ({@code chat.broker=memory}), lost on a restart like the mailboxes. */
@Singleton
@Typed(MemoryBlocks.class)
public class MemoryBlocks implements Blocks {

    private final LocalOwners owners;
    private final OwnedNames blocked;
    private final int most;

    @Inject
    public MemoryBlocks(LocalOwners owners, ChatConfig config) {
        this.owners = owners;
        this.most = config.limits().maxBlocks();
        this.blocked = new OwnedNames(owners::current, 0, most);
    }

    @Override
    public CompletionStage<List<String>> list(String user) {
        List<String> names = new ArrayList<>(blocked.list(user, owners.current(user)));
        names.sort(null);
        return CompletableFuture.completedFuture(names);
    }

    @Override
    public CompletionStage<Void> add(String user, String name) {
        String owner = owners.current(user);
        if (owner == null) {
            return CompletableFuture.failedFuture(
                    ProtocolException.aboutUser(ErrorCode.USER_OFFLINE, "nobody holds the name " + user, user));
        }
        if (!blocked.add(user, owner, name)) {
            return CompletableFuture.failedFuture(new ProtocolException(ErrorCode.TOO_MANY_BLOCKS,
                    "you block " + most + " names already; unblock one first"));
        }
        return Stages.DONE;
    }

    @Override
    public CompletionStage<Void> remove(String user, String name) {
        String owner = owners.current(user);
        if (owner != null) {
            blocked.remove(user, owner, name);
        }
        return Stages.DONE;
    }

    @Override
    public CompletionStage<Boolean> blocks(String user, String sender) {
        // Most users block nobody: then a private message to them need not look up who holds the name.
        return blocked.hasAny(user) && blocked.contains(user, owners.current(user), sender) ? Stages.TRUE
                : Stages.FALSE;
    }
}
