package io.chatservice.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.chatservice.protocol.NameForms;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * This node's view of the bans and mutes in force, which admission and every room message consult without leaving
 * the process: with the memory broker the only copy, with Redis a copy that {@code RedisModeration} keeps current
 * (each change comes over pub/sub, and the whole is read again whenever the node's subscriber connection comes back).
 * An entry past its end counts for nothing at once and is dropped within a minute.
 */
@Singleton
public class Sanctions {

    private static final long PURGE_EVERY_MS = 60_000;

    /** By the banned name's form, in form order for paging. */
    private final ConcurrentSkipListMap<String, Ban> bans = new ConcurrentSkipListMap<>();
    /** By folded room, then by the muted name's form. */
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, Mute>> mutes = new ConcurrentHashMap<>();

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(PURGE_EVERY_MS, id -> purge(System.currentTimeMillis()));
    }

    /** The ban in force on this name (any spelling of its form), or null. */
    public Ban ban(String user) {
        return active(bans, NameForms.userForm(user));
    }

    /** The mute in force on this user in this room (its folded name), or null. */
    public Mute mute(String room, String user) {
        ConcurrentSkipListMap<String, Mute> inRoom = mutes.get(room);
        return inRoom == null ? null : active(inRoom, NameForms.userForm(user));
    }

    /** @return the ban it replaced, if one was in force */
    public Ban put(Ban ban) {
        Ban before = bans.put(ban.form(), ban);
        return before != null && before.isActive(System.currentTimeMillis()) ? before : null;
    }

    /** @return the ban that ended, or null if none was in force */
    public Ban unban(String form) {
        Ban removed = bans.remove(form);
        return removed != null && removed.isActive(System.currentTimeMillis()) ? removed : null;
    }

    /** @return the mute it replaced, if one was in force */
    public Mute put(Mute mute) {
        Mute before = mutes.computeIfAbsent(mute.room(), room -> new ConcurrentSkipListMap<>()).put(mute.form(), mute);
        return before != null && before.isActive(System.currentTimeMillis()) ? before : null;
    }

    /** @return the mute that ended, or null if none was in force */
    public Mute unmute(String room, String form) {
        ConcurrentSkipListMap<String, Mute> inRoom = mutes.get(room);
        Mute removed = inRoom == null ? null : inRoom.remove(form);
        return removed != null && removed.isActive(System.currentTimeMillis()) ? removed : null;
    }

    /** Everything in force, as read whole from the cluster; what is not in it ends. */
    public void replaceAll(Collection<Ban> allBans, Collection<Mute> allMutes) {
        bans.keySet().retainAll(allBans.stream().map(Ban::form).collect(Collectors.toSet()));
        allBans.forEach(ban -> bans.put(ban.form(), ban));
        Map<String, List<Mute>> byRoom = allMutes.stream().collect(Collectors.groupingBy(Mute::room));
        mutes.keySet().retainAll(byRoom.keySet());
        byRoom.forEach((room, list) -> {
            ConcurrentSkipListMap<String, Mute> inRoom = mutes.computeIfAbsent(room, r -> new ConcurrentSkipListMap<>());
            inRoom.keySet().retainAll(list.stream().map(Mute::form).collect(Collectors.toSet()));
            list.forEach(mute -> inRoom.put(mute.form(), mute));
        });
    }

    /** Up to {@code limit} bans in force, in the order of their forms, after the form of {@code after} (or from the first). */
    public List<Ban> bans(String after, int limit) {
        return page(bans, after, limit);
    }

    /** Up to {@code limit} mutes in force in the room, in the order of their forms, after the form of {@code after}. */
    public List<Mute> mutes(String room, String after, int limit) {
        ConcurrentSkipListMap<String, Mute> inRoom = mutes.get(room);
        return inRoom == null ? List.of() : page(inRoom, after, limit);
    }

    void purge(long nowMs) {
        bans.values().removeIf(ban -> !ban.isActive(nowMs));
        mutes.values().forEach(inRoom -> inRoom.values().removeIf(mute -> !mute.isActive(nowMs)));
        mutes.values().removeIf(Map::isEmpty);
    }

    private static <T extends Sanction> T active(ConcurrentSkipListMap<String, T> entries, String form) {
        T entry = entries.get(form);
        return entry != null && entry.isActive(System.currentTimeMillis()) ? entry : null;
    }

    private static <T extends Sanction> List<T> page(ConcurrentSkipListMap<String, T> entries, String after, int limit) {
        long now = System.currentTimeMillis();
        NavigableMap<String, T> rest = after == null ? entries : entries.tailMap(NameForms.userForm(after), false);
        List<T> page = new ArrayList<>(Math.min(limit, 64));
        for (T entry : rest.values()) {
            if (entry.isActive(now)) {
                page.add(entry);
                if (page.size() == limit) {
                    break;
                }
            }
        }
        return page;
    }
}
