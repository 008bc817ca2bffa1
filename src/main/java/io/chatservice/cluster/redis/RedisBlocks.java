package io.chatservice.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.core.Blocks;
import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.vertx.redis.client.Response;

/**
 * Block lists over the cluster ({@code chat.broker=redis}), one script per operation in the user's slot
 * ({@link BlockScripts}), so that they hold on every node and on a Redis Cluster alike.
 */
@Singleton
@Typed(RedisBlocks.class)
public class RedisBlocks implements Blocks {

    private final StateConnection state;
    private final String mode;
    private final int most;
    private final long ttlMillis;

    @Inject
    public RedisBlocks(StateConnection state, ChatConfig config) {
        this(state, config.identity().mode(), config.limits().maxBlocks(), RedisMailboxes.ownerTtlMillis(config));
    }

    public RedisBlocks(StateConnection state, IdentityMode mode, int most, long ttlMillis) {
        this.state = state;
        this.mode = RedisMailboxes.mode(mode);
        this.most = most;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public CompletionStage<List<String>> list(String user) {
        return state.eval(BlockScripts.LIST, MailboxScripts.userPrefix(user), mode, user).thenApply(answer -> {
            List<String> names = new ArrayList<>(answer.size());
            for (Response name : answer) {
                names.add(name.toString());
            }
            names.sort(null);
            return names;
        });
    }

    @Override
    public CompletionStage<Void> add(String user, String blocked) {
        return state.eval(BlockScripts.ADD, MailboxScripts.userPrefix(user), mode, blocked, most, ttlMillis, user)
                .thenCompose(answer -> switch (answer.toInteger()) {
                    case 1 -> CompletableFuture.completedFuture(null);
                    case -1 -> CompletableFuture.failedFuture(new ProtocolException(ErrorCode.TOO_MANY_BLOCKS,
                            "you block " + most + " names already; unblock one first"));
                    default -> CompletableFuture.failedFuture(ProtocolException.aboutUser(ErrorCode.USER_OFFLINE,
                            "nobody holds the name " + user, user));
                });
    }

    @Override
    public CompletionStage<Void> remove(String user, String blocked) {
        return state.eval(BlockScripts.REMOVE, MailboxScripts.userPrefix(user), mode, blocked, ttlMillis, user)
                .thenApply(answer -> null);
    }

    @Override
    public CompletionStage<Boolean> blocks(String user, String sender) {
        return state.eval(BlockScripts.CHECK, MailboxScripts.userPrefix(user), mode, sender, user)
                .thenApply(answer -> answer.toInteger() == 1);
    }
}
