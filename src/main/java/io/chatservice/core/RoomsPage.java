package io.chatservice.core;

import java.util.List;

/**
 * A page of the rooms that have members, in name order.
 *
 * @param next the last room of the page when more follow it; null on the last page
 */
public record RoomsPage(List<RoomPresence> rooms, String next) {

    /** Cuts a page from up to {@code limit + 1} rooms read past the cursor: the extra one only says that more follow. */
    public static RoomsPage of(List<RoomPresence> readOneMore, int limit) {
        if (readOneMore.size() <= limit) {
            return new RoomsPage(List.copyOf(readOneMore), null);
        }
        List<RoomPresence> page = List.copyOf(readOneMore.subList(0, limit));
        return new RoomsPage(page, page.isEmpty() ? null : page.get(page.size() - 1).name());
    }
}
