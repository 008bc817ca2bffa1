package io.chatservice.cluster.redis;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.chatservice.identity.LastSeen;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/**
 * Sightings over the cluster ({@code chat.broker=redis}): {@code chat:{name:<form>}:seen} holding the spelling seen, in the user's slot next to
 * its mailbox's index, set to expire {@code chat.offline.retention} after the last connection was admitted or
 * closed. One that cannot be written now is left: the connection's next admission or close writes it.
 */
@Singleton
@Typed(RedisLastSeen.class)
public class RedisLastSeen implements LastSeen {

    private static final Logger LOG = Logger.getLogger(RedisLastSeen.class);

    private final StateConnection state;
    private final long retentionMillis;

    @Inject
    public RedisLastSeen(StateConnection state, ChatConfig config) {
        this(state, config.offline().retention().toMillis());
    }

    public RedisLastSeen(StateConnection state, long retentionMillis) {
        this.state = state;
        this.retentionMillis = retentionMillis;
    }

    @Override
    public void seen(String user) {
        state.send(Request.cmd(Command.SET).arg(MailboxScripts.seen(user)).arg(user).arg("PX").arg(retentionMillis))
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        LOG.debugf("the sighting of %s was not written: %s", user, failure.getMessage());
                    }
                });
    }
}
