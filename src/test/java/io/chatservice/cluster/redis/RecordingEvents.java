package io.chatservice.cluster.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.chatservice.cluster.PresenceEvents;

/** What a node's presence told its {@link PresenceEvents}, as {@code "online alice"}, {@code "vacated lobby"}, ... */
final class RecordingEvents implements PresenceEvents {

    final List<String> told = new CopyOnWriteArrayList<>();

    @Override
    public void online(String user) {
        told.add("online " + user);
    }

    @Override
    public void offline(String user) {
        told.add("offline " + user);
    }

    @Override
    public void occupied(String room) {
        told.add("occupied " + room);
    }

    @Override
    public void vacated(String room) {
        told.add("vacated " + room);
    }
}
