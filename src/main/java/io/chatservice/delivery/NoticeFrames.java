package io.chatservice.delivery;

import java.util.List;

import io.chatservice.protocol.Frames;

/**
 * Which frame tells a room what was gathered: one change as the {@code join} or {@code leave} it is, several as one
 * {@code changes} (names capped at the list cap, with how many there were), and in a room above the members cap
 * only its count, which is all a crowd needs to see change.
 */
final class NoticeFrames {

    private final Frames frames;
    private final int listMax;
    private final int maxMembers;

    /**
     * @param listMax {@code chat.presence.list-max}: most names in each list of a {@code changes} frame
     * @param maxMembers {@code chat.presence.notify-max-members}: above this count, the count alone
     */
    NoticeFrames(Frames frames, int listMax, int maxMembers) {
        this.frames = frames;
        this.listMax = listMax;
        this.maxMembers = maxMembers;
    }

    /**
     * @param count the room's members now over the cluster; null when it could not be read (then names are sent)
     * @return null when there is nothing to tell
     */
    String frame(String room, PendingChanges.Gathered gathered, Integer count) {
        if (gathered.size() == 0) {
            return null;
        }
        if (count != null && count > maxMembers) {
            return frames.changes(room, count);
        }
        if (gathered.size() == 1) {
            return gathered.joined().isEmpty() ? frames.leave(room, gathered.left().get(0), count)
                    : frames.join(room, gathered.joined().get(0), count);
        }
        return frames.changes(room, count, capped(gathered.joined()), gathered.joined().size(),
                capped(gathered.left()), gathered.left().size());
    }

    private List<String> capped(List<String> names) {
        return names.size() <= listMax ? names : List.copyOf(names.subList(0, listMax));
    }
}
