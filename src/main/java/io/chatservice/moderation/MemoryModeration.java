package io.chatservice.moderation;

import io.chatservice.core.Sanctions;
import io.chatservice.core.Mute;
import io.chatservice.core.Ban;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Bans and mutes with the memory broker: this process is the whole service, and its view the only copy. */
public class MemoryModeration implements ModerationStore {

    private final Sanctions sanctions;

    public MemoryModeration(Sanctions sanctions) {
        this.sanctions = sanctions;
    }

    @Override
    public CompletionStage<Ban> ban(Ban ban) {
        return CompletableFuture.completedFuture(sanctions.put(ban));
    }

    @Override
    public CompletionStage<Ban> unban(String form) {
        return CompletableFuture.completedFuture(sanctions.unban(form));
    }

    @Override
    public CompletionStage<Mute> mute(Mute mute) {
        return CompletableFuture.completedFuture(sanctions.put(mute));
    }

    @Override
    public CompletionStage<Mute> unmute(String room, String form) {
        return CompletableFuture.completedFuture(sanctions.unmute(room, form));
    }

    @Override
    public CompletionStage<Boolean> kick(String form, String reason) {
        return CompletableFuture.completedFuture(false);
    }
}
