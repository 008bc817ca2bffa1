package io.chatservice.moderation;

import io.chatservice.core.Mute;
import io.chatservice.core.Ban;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What the moderation endpoints answer, as JSON. */
public final class Views {

    private Views() {
    }

    /** A ban: whose, why, until when (ISO-8601, UTC) and set by which key's id. */
    @RegisterForReflection
    public record BanView(String user, String reason, String until, String by) {
        static BanView of(Ban ban) {
            return new BanView(ban.user(), ban.reason(), Instant.ofEpochMilli(ban.untilMs()).toString(), ban.by());
        }
    }

    /** A mute in a room. */
    @RegisterForReflection
    public record MuteView(String room, String user, String reason, String until, String by) {
        static MuteView of(Mute mute) {
            return new MuteView(mute.room(), mute.user(), mute.reason(),
                    Instant.ofEpochMilli(mute.untilMs()).toString(), mute.by());
        }
    }

    /** A page of bans, and the {@code after} of the next page when there may be more. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BanPage(List<BanView> bans, String next) {
    }

    /** A page of a room's mutes. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MutePage(String room, List<MuteView> mutes, String next) {
    }

    /** A kick: the connections closed on this node, and whether the other nodes were told to close theirs. */
    @RegisterForReflection
    public record KickView(String user, int closed, @JsonProperty("other_nodes") boolean otherNodes) {
    }
}
