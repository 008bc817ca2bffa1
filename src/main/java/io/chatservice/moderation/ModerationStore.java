package io.chatservice.moderation;

import io.chatservice.core.Sanctions;
import io.chatservice.core.Mute;
import io.chatservice.core.Ban;
import java.util.concurrent.CompletionStage;

/**
 * Where bans and mutes are kept and how the cluster hears of them and of kicks: this process alone
 * ({@link MemoryModeration}), or Redis ({@code cluster.redis.RedisModeration}: kept there, and told to every node).
 * Each change is in this node's {@link Sanctions} once its stage completes; this node's connections are the
 * caller's to close, the other nodes close theirs.
 */
public interface ModerationStore {

    /** @return the ban it replaced (one in force), or null */
    CompletionStage<Ban> ban(Ban ban);

    /** @return the ban that ended, or null if none was in force */
    CompletionStage<Ban> unban(String form);

    /** @return the mute it replaced (one in force), or null */
    CompletionStage<Mute> mute(Mute mute);

    /** @return the mute that ended, or null if none was in force */
    CompletionStage<Mute> unmute(String room, String form);

    /**
     * Has the other nodes close the name's connections (4010).
     *
     * @return completes with whether other nodes were told (false: there are none)
     */
    CompletionStage<Boolean> kick(String form, String reason);
}
