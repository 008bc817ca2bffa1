package io.chatservice.moderation;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.admission.Admission;
import io.chatservice.core.Ban;
import io.chatservice.core.Mute;
import io.chatservice.protocol.NameForms;

/**
 * What the server API does to users: closes their connections, bans their names, mutes them in a room. Each act is
 * kept and told to the cluster by the {@link ModerationStore}, this node's own connections are closed here, and each
 * is written to the audit log with the id of the key that asked (never the key).
 */
@Singleton
public class Moderation {

    private static final Logger AUDIT = Logger.getLogger(Admission.AUDIT);

    private final ModerationStore store;
    private final Ejections ejections;

    public Moderation(ModerationStore store, Ejections ejections) {
        this.store = store;
        this.ejections = ejections;
    }

    /** A kick's outcome: the connections closed on this node, and whether the other nodes were told to close theirs. */
    public record Kicked(String user, int closed, boolean otherNodes) {
    }

    /** A ban or mute as set, and whether it replaced one in force. */
    public record Placed<T>(T sanction, boolean replaced) {
    }

    /** Closes every connection of the name (any spelling of its form) on every node, with 4010. */
    public CompletionStage<Kicked> kick(String user, String reason, String keyId) {
        String form = NameForms.userForm(user);
        // The other nodes first: if the cluster cannot be told, nothing is closed and the caller may try again.
        return store.kick(form, reason).thenApply(told -> {
            int closed = ejections.kick(form, reason);
            AUDIT.infof("closed the connections of %s (%d on this node) with API key %s: %s", user, closed, keyId,
                    reason);
            return new Kicked(user, closed, told);
        });
    }

    /** Bans the name for {@code length}: its connections are told and closed (4403), and admission refuses it. */
    public CompletionStage<Placed<Ban>> ban(String user, Duration length, String reason, String keyId) {
        Ban ban = new Ban(user, NameForms.userForm(user), reason, System.currentTimeMillis() + length.toMillis(), keyId);
        return store.ban(ban).thenApply(before -> {
            int closed = ejections.ban(ban);
            AUDIT.infof("banned %s for %s (%d connections closed on this node) with API key %s: %s", user, length,
                    closed, keyId, reason);
            return new Placed<>(ban, before != null);
        });
    }

    /** @return the ban that ended, or null if the name was not banned */
    public CompletionStage<Ban> unban(String user, String keyId) {
        return store.unban(NameForms.userForm(user)).thenApply(ended -> {
            if (ended != null) {
                AUDIT.infof("lifted the ban of %s (asked as %s) with API key %s", ended.user(), user, keyId);
            }
            return ended;
        });
    }

    /** Mutes the user in the room (its folded name) for {@code length}: they read it, and say nothing there. */
    public CompletionStage<Placed<Mute>> mute(String room, String user, Duration length, String reason, String keyId) {
        Mute mute = new Mute(room, user, NameForms.userForm(user), reason,
                System.currentTimeMillis() + length.toMillis(), keyId);
        return store.mute(mute).thenApply(before -> {
            AUDIT.infof("muted %s in %s for %s with API key %s: %s", user, room, length, keyId, reason);
            return new Placed<>(mute, before != null);
        });
    }

    /** @return the mute that ended, or null if the user was not muted in the room */
    public CompletionStage<Mute> unmute(String room, String user, String keyId) {
        return store.unmute(room, NameForms.userForm(user)).thenApply(ended -> {
            if (ended != null) {
                AUDIT.infof("unmuted %s in %s (asked as %s) with API key %s", ended.user(), room, user, keyId);
            }
            return ended;
        });
    }
}
