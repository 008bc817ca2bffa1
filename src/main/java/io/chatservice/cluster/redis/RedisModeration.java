package io.chatservice.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.cluster.ClusterNode;
import io.chatservice.core.Ban;
import io.chatservice.moderation.Ejections;
import io.chatservice.moderation.ModerationStore;
import io.chatservice.core.Mute;
import io.chatservice.core.Sanctions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/**
 * Bans and mutes kept in Redis ({@link ModerationScripts}), so that they hold on every node, survive a node's
 * restart and end by themselves. Each node keeps its {@link Sanctions} current from {@link Channels#MODERATION}, on
 * which each change is published by the script that keeps it, and reads them whole as it starts and whenever its
 * subscriber connection comes back (what it may have missed meanwhile), closing any connection of a name banned
 * since. Kicks travel on the same channel, and are not kept. A node skips its own messages: it acted already.
 */
@Singleton
@Typed(RedisModeration.class)
public class RedisModeration implements ModerationStore {

    private static final Logger LOG = Logger.getLogger(RedisModeration.class);

    private static final String BANS = "bans";
    private static final String MUTES = "mutes";

    private final StateConnection state;
    private final Sanctions sanctions;
    private final Ejections ejections;
    private final String nodeId;
    /** Changes heard; a whole read that a change crossed is read again, as it may predate the change. */
    private final AtomicLong heard = new AtomicLong();

    public RedisModeration(StateConnection state, RedisDelivery delivery, Sanctions sanctions, Ejections ejections,
            ClusterNode node) {
        this.state = state;
        this.sanctions = sanctions;
        this.ejections = ejections;
        this.nodeId = node.id();
        delivery.moderation(this::heard, this::load);
        state.onConnected(this::load);
    }

    @Override
    public CompletionStage<Ban> ban(Ban ban) {
        JsonObject record = record(ban);
        return state.eval(ModerationScripts.PUT, ModerationScripts.PREFIX, BANS, ban.form(), record.encode(),
                ban.untilMs(), System.currentTimeMillis(), Channels.MODERATION, message("B", record).encode())
                .thenApply(before -> {
                    sanctions.put(ban);
                    return before == null ? null : ban(new JsonObject(before.toString()));
                });
    }

    @Override
    public CompletionStage<Ban> unban(String form) {
        return state.eval(ModerationScripts.REMOVE, ModerationScripts.PREFIX, BANS, form, System.currentTimeMillis(),
                Channels.MODERATION, message("b", new JsonObject().put("f", form)).encode()).thenApply(before -> {
                    sanctions.unban(form);
                    return before == null ? null : ban(new JsonObject(before.toString()));
                });
    }

    @Override
    public CompletionStage<Mute> mute(Mute mute) {
        JsonObject record = record(mute);
        return state.eval(ModerationScripts.PUT, ModerationScripts.PREFIX, MUTES, muteId(mute.room(), mute.form()),
                record.encode(), mute.untilMs(), System.currentTimeMillis(), Channels.MODERATION,
                message("M", record).encode()).thenApply(before -> {
                    sanctions.put(mute);
                    return before == null ? null : mute(new JsonObject(before.toString()));
                });
    }

    @Override
    public CompletionStage<Mute> unmute(String room, String form) {
        return state.eval(ModerationScripts.REMOVE, ModerationScripts.PREFIX, MUTES, muteId(room, form),
                System.currentTimeMillis(), Channels.MODERATION,
                message("m", new JsonObject().put("room", room).put("f", form)).encode()).thenApply(before -> {
                    sanctions.unmute(room, form);
                    return before == null ? null : mute(new JsonObject(before.toString()));
                });
    }

    @Override
    public CompletionStage<Boolean> kick(String form, String reason) {
        String text = message("K", new JsonObject().put("f", form).put("r", reason)).encode();
        return state.send(Request.cmd(Command.PUBLISH).arg(Channels.MODERATION).arg(text)).thenApply(sent -> true);
    }

    /** A message on the moderation channel, on the subscriber's loop. */
    private void heard(String text) {
        heard.incrementAndGet();
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException e) {
            LOG.warnf("Ignored a moderation message: %s", e.getMessage());
            return;
        }
        if (nodeId.equals(message.getString("o"))) {
            return;
        }
        JsonObject body = message.getJsonObject("d");
        switch (message.getString("k", "")) {
            case "B" -> {
                Ban ban = ban(body);
                sanctions.put(ban);
                ejections.ban(ban);
            }
            case "b" -> sanctions.unban(body.getString("f"));
            case "M" -> sanctions.put(mute(body));
            case "m" -> sanctions.unmute(body.getString("room"), body.getString("f"));
            case "K" -> ejections.kick(body.getString("f"), body.getString("r"));
            default -> LOG.warnf("Ignored a moderation message of kind %s", message.getString("k"));
        }
    }

    /** Reads every ban and mute in force, replaces this node's view with them, and closes the banned names here. */
    private void load() {
        long before = heard.get();
        state.eval(ModerationScripts.LOAD, ModerationScripts.PREFIX, System.currentTimeMillis())
                .whenComplete((answer, failure) -> {
                    if (failure != null) {
                        LOG.debugf("Bans and mutes not read now (read again once Redis is back): %s",
                                failure.getMessage());
                        return;
                    }
                    if (heard.get() != before) {
                        load(); // a change crossed the read
                        return;
                    }
                    List<Ban> bans = new ArrayList<>();
                    answer.get(0).forEach(record -> bans.add(ban(new JsonObject(record.toString()))));
                    List<Mute> mutes = new ArrayList<>();
                    answer.get(1).forEach(record -> mutes.add(mute(new JsonObject(record.toString()))));
                    sanctions.replaceAll(bans, mutes);
                    int closed = ejections.banned(sanctions);
                    LOG.debugf("read %d bans and %d mutes; %d connections of banned names closed", bans.size(),
                            mutes.size(), closed);
                });
    }

    private JsonObject message(String kind, JsonObject body) {
        return new JsonObject().put("o", nodeId).put("k", kind).put("d", body);
    }

    private static String muteId(String room, String form) {
        return room + '\n' + form; // no room name holds a control character
    }

    private static JsonObject record(Ban ban) {
        return new JsonObject().put("u", ban.user()).put("f", ban.form()).put("r", ban.reason())
                .put("t", ban.untilMs()).put("b", ban.by());
    }

    private static JsonObject record(Mute mute) {
        return new JsonObject().put("room", mute.room()).put("u", mute.user()).put("f", mute.form())
                .put("r", mute.reason()).put("t", mute.untilMs()).put("b", mute.by());
    }

    private static Ban ban(JsonObject record) {
        return new Ban(record.getString("u"), record.getString("f"), record.getString("r"), record.getLong("t"),
                record.getString("b"));
    }

    private static Mute mute(JsonObject record) {
        return new Mute(record.getString("room"), record.getString("u"), record.getString("f"),
                record.getString("r"), record.getLong("t"), record.getString("b"));
    }
}
