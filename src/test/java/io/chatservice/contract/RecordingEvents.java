package io.chatservice.contract;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.chatservice.core.ChatEvents;

/** What a node's presence told its {@link ChatEvents}, as {@code "online alice"}, {@code "vacated lobby"}, ... */
public final class RecordingEvents implements ChatEvents {

    public final List<String> told = new CopyOnWriteArrayList<>();

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
