package io.chatservice.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.protocol.Frames;
import io.vertx.core.json.JsonObject;

/** What a room hears of the comings and goings gathered in one interval, with a list cap of 3 and a member cap of 10. */
class NoticeFramesTest {

    private final NoticeFrames notices = new NoticeFrames(new Frames(new ObjectMapper()), 3, 10);
    private final PendingChanges pending = new PendingChanges();

    private JsonObject told(Integer count) {
        String frame = notices.frame("dev", pending.drain(), count);
        return frame == null ? null : new JsonObject(frame);
    }

    @Test
    void oneJoinIsAJoinWithTheCount() {
        pending.add("alice", true);

        JsonObject join = told(4);

        assertEquals("join", join.getString("type"));
        assertEquals("alice", join.getString("from_user"));
        assertEquals("dev", join.getString("room"));
        assertEquals(4, join.getInteger("count"));
    }

    @Test
    void oneLeaveIsALeaveWithTheCount() {
        pending.add("alice", false);

        JsonObject leave = told(3);

        assertEquals("leave", leave.getString("type"));
        assertEquals("alice", leave.getString("from_user"));
        assertEquals(3, leave.getInteger("count"));
    }

    @Test
    void severalAreOneChangesFrameWithBothListsInTheOrderTheyCame() {
        pending.add("carol", true);
        pending.add("bob", false);
        pending.add("alice", true);

        JsonObject changes = told(5);

        assertEquals("changes", changes.getString("type"));
        assertEquals("*", changes.getString("from_user"));
        assertEquals(List.of("carol", "alice"), changes.getJsonArray("joined").getList());
        assertEquals(List.of("bob"), changes.getJsonArray("left").getList());
        assertEquals(2, changes.getInteger("joined_count"));
        assertEquals(1, changes.getInteger("left_count"));
        assertEquals(5, changes.getInteger("count"));
        assertEquals("carol, alice joined dev; bob left dev (5 members)", changes.getString("info"));
    }

    @Test
    void theListsAreCappedAndTheirCountsSayHowManyThereWere() {
        List.of("a", "b", "c", "d", "e").forEach(user -> pending.add(user, true));

        JsonObject changes = told(8);

        assertEquals(List.of("a", "b", "c"), changes.getJsonArray("joined").getList());
        assertEquals(5, changes.getInteger("joined_count"));
    }

    @Test
    void aUserWhoCameAndWentIsInNeitherList() {
        pending.add("alice", true);
        pending.add("brief", true);
        pending.add("brief", false);
        pending.add("carol", false);

        JsonObject changes = told(2);

        assertEquals(List.of("alice"), changes.getJsonArray("joined").getList());
        assertEquals(List.of("carol"), changes.getJsonArray("left").getList());
    }

    @Test
    void aUserWhoWentAndCameBackChangedNothing() {
        pending.add("alice", false);
        pending.add("alice", true);

        assertNull(told(1), "nothing to tell");
    }

    @Test
    void aboveTheMemberCapOnlyTheCountIsTold() {
        pending.add("alice", true);

        JsonObject changes = told(11);

        assertEquals("changes", changes.getString("type"));
        assertEquals(11, changes.getInteger("count"));
        assertFalse(changes.containsKey("joined") || changes.containsKey("left") || changes.containsKey("joined_count"),
                changes.encode());
        assertEquals("11 members in dev now", changes.getString("info"));
    }

    @Test
    void atTheMemberCapNamesAreStillTold() {
        pending.add("alice", true);

        assertEquals("join", told(10).getString("type"));
    }

    @Test
    void withoutACountTheNamesAreToldWithoutOne() {
        pending.add("alice", true);

        JsonObject join = told(null);

        assertEquals("join", join.getString("type"));
        assertFalse(join.containsKey("count"));
    }
}
