package io.chatservice.cluster.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Which channels this node wants, what was last sent for each, and what Redis confirmed: the subscriber's state, with
 * no I/O, used on the subscriber's event loop only.
 * <p>
 * Redis confirms each channel of a SUBSCRIBE or UNSUBSCRIBE with a push, in the order of the commands. So an entry
 * counts its commands not yet confirmed, and only the confirmation that brings that count to zero says what the server
 * holds. That keeps a follow right after an unfollow (UNSUBSCRIBE then SUBSCRIBE in flight) from being reported ready
 * by the confirmation of an older SUBSCRIBE, and lets an entry be forgotten only when nothing is in flight for it.
 */
final class Subscriptions {

    /** Channels for one SUBSCRIBE and one UNSUBSCRIBE; a channel is in at most one of them. */
    record Batch(List<String> subscribe, List<String> unsubscribe) {
        boolean isEmpty() {
            return subscribe.isEmpty() && unsubscribe.isEmpty();
        }
    }

    private static final class Entry {
        boolean wanted;
        /** The last command sent for it on this connection was SUBSCRIBE. */
        boolean sent;
        int unconfirmed;
        /** What the last confirmation said. */
        boolean subscribed;
        CompletableFuture<Void> ready = new CompletableFuture<>();
    }

    private final Map<String, Entry> entries = new HashMap<>();
    /** Channels whose wish differs, or may differ, from the last command sent. */
    private final Set<String> dirty = new LinkedHashSet<>();
    /** After a reconnect, the wanted channels not confirmed again yet. */
    private final Set<String> awaiting = new HashSet<>();
    private int subscribed;

    /** @return completes when Redis has confirmed the channel (at once if it has) */
    CompletableFuture<Void> want(String channel) {
        Entry entry = entries.computeIfAbsent(channel, c -> new Entry());
        entry.wanted = true;
        if (!entry.sent) {
            dirty.add(channel);
        }
        return entry.ready;
    }

    void unwant(String channel) {
        Entry entry = entries.get(channel);
        if (entry == null || !entry.wanted) {
            return;
        }
        entry.wanted = false;
        entry.ready.complete(null); // nobody waits for it any more
        entry.ready = new CompletableFuture<>();
        awaiting.remove(channel);
        if (entry.sent) {
            dirty.add(channel);
        } else {
            dirty.remove(channel);
            forgetIfIdle(channel, entry);
        }
    }

    boolean isWanted(String channel) {
        Entry entry = entries.get(channel);
        return entry != null && entry.wanted;
    }

    int dirtyCount() {
        return dirty.size();
    }

    /** The next commands to send, for at most {@code max} channels; marks them sent. */
    Batch take(int max) {
        List<String> subscribe = new ArrayList<>();
        List<String> unsubscribe = new ArrayList<>();
        Iterator<String> channels = dirty.iterator();
        while (channels.hasNext() && subscribe.size() + unsubscribe.size() < max) {
            String channel = channels.next();
            channels.remove();
            Entry entry = entries.get(channel);
            if (entry == null || entry.wanted == entry.sent) {
                continue;
            }
            entry.sent = entry.wanted;
            entry.unconfirmed++;
            (entry.wanted ? subscribe : unsubscribe).add(channel);
        }
        return new Batch(subscribe, unsubscribe);
    }

    /**
     * Redis confirmed a SUBSCRIBE ({@code subscribe}) or an UNSUBSCRIBE of the channel.
     *
     * @return whether that completed a resubscription after a reconnect
     */
    boolean confirmed(String channel, boolean subscribe) {
        Entry entry = entries.get(channel);
        if (entry == null) {
            return false;
        }
        if (entry.unconfirmed > 0) {
            entry.unconfirmed--;
        }
        if (entry.subscribed != subscribe) {
            entry.subscribed = subscribe;
            subscribed += subscribe ? 1 : -1;
        }
        if (entry.unconfirmed > 0) {
            return false;
        }
        if (entry.wanted && entry.subscribed) {
            entry.ready.complete(null);
            return awaiting.remove(channel) && awaiting.isEmpty();
        }
        forgetIfIdle(channel, entry);
        return false;
    }

    /** The connection is gone, and every subscription with it; what is still wanted waits for the next one. */
    void connectionLost() {
        subscribed = 0;
        dirty.clear();
        awaiting.clear();
        entries.values().removeIf(entry -> !entry.wanted);
        for (Entry entry : entries.values()) {
            entry.sent = false;
            entry.unconfirmed = 0;
            entry.subscribed = false;
            if (entry.ready.isDone()) {
                entry.ready = new CompletableFuture<>();
            }
        }
    }

    /**
     * A new connection: every wanted channel is to be subscribed again.
     *
     * @return how many channels must be confirmed before the link counts as up
     */
    int resubscribeAll() {
        entries.forEach((channel, entry) -> {
            if (entry.wanted && !entry.sent) {
                dirty.add(channel);
                awaiting.add(channel);
            }
        });
        return awaiting.size();
    }

    /** Channels Redis has confirmed on this connection. */
    int subscribedCount() {
        return subscribed;
    }

    private void forgetIfIdle(String channel, Entry entry) {
        if (!entry.wanted && !entry.sent && entry.unconfirmed == 0 && !entry.subscribed) {
            entries.remove(channel);
        }
    }
}
