package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A room's presence costs what a page costs, not what the room holds: a joiner gets the count and the first
 * {@code chat.presence.list-max} names, pages on with {@code members}, and the room hears its comings and goings
 * gathered, at most once per {@code chat.presence.notify-interval}. On the memory broker ({@link RoomPresenceTest})
 * and on Redis ({@link RedisRoomPresenceTest}).
 */
abstract class RoomPresenceContract extends ChatTestBase {

    /** More members than one page holds. */
    private static final int MORE = 5;

    private static int listMax() {
        return ConfigProvider.getConfig().getValue("chat.presence.list-max", Integer.class);
    }

    /** {@code n} members in the room, named so that their order is their number's; all of them in before it returns. */
    private List<String> crowd(String room, int n) {
        String tag = unique("m");
        List<String> names = IntStream.range(0, n).mapToObj(i -> String.format("%s-%03d", tag, i)).toList();
        List<ChatClient> clients = new ArrayList<>();
        for (String name : names) {
            clients.add(connect("/groupchat/" + name + "/" + room));
        }
        clients.forEach(client -> client.await(f -> "presence".equals(f.getString("type")), "presence",
                Duration.ofSeconds(30)));
        return names;
    }

    private static List<String> users(JsonObject frame) {
        return frame.getJsonArray("users").stream().map(String.class::cast).toList();
    }

    private static JsonObject members(String room) {
        return new JsonObject().put("type", "members").put("room", room);
    }

    @Test
    void aJoinerGetsTheCountAndTheFirstListMaxMembersWithWhereToGoOn() {
        String room = unique("crowd");
        List<String> crowd = crowd(room, listMax() + MORE - 1);
        String last = crowd.get(0).substring(0, crowd.get(0).length() - 3) + "999";

        JsonObject presence = connect("/groupchat/" + last + "/" + room).awaitType("presence");

        assertEquals(listMax() + MORE, presence.getInteger("count"));
        assertEquals(crowd.subList(0, listMax()), users(presence));
        assertEquals(crowd.get(listMax() - 1), presence.getString("next"));
    }

    @Test
    void membersPagesOnFromNextUntilTheLastPage() {
        String room = unique("crowd");
        List<String> crowd = crowd(room, listMax() + MORE);
        ChatClient member = connect("/groupchat/" + crowd.get(0) + "/" + room);
        String next = member.awaitType("presence").getString("next");

        member.send(members(room).put("after", next));
        JsonObject page = member.awaitType("members");

        assertEquals(room, page.getString("room"));
        assertEquals(listMax() + MORE, page.getInteger("count"));
        assertEquals(crowd.subList(listMax(), listMax() + MORE), users(page));
        assertNull(page.getString("next"), "the last page");
    }

    @Test
    void membersTakesALimitAndSaysWhereToGoOn() {
        String room = unique("room");
        List<String> crowd = crowd(room, 3);
        ChatClient member = connect("/groupchat/" + crowd.get(2) + "/" + room);
        member.awaitType("presence");

        member.send(members(room).put("limit", 2));
        JsonObject first = member.awaitType("members");
        member.send(members(room).put("limit", 2).put("after", first.getString("next")));
        JsonObject second = member.awaitType("members");

        assertEquals(crowd.subList(0, 2), users(first));
        assertEquals(crowd.get(1), first.getString("next"));
        assertEquals(List.of(crowd.get(2)), users(second));
        assertEquals(3, second.getInteger("count"));
    }

    @Test
    void membersOfARoomTheConnectionIsNotInIsRefused() {
        String room = unique("room"), elsewhere = unique("elsewhere");
        group(unique("bob"), elsewhere);
        ChatClient alice = group(unique("alice"), room);

        alice.send(members(elsewhere).put("cid", "m1"));

        JsonObject error = alice.awaitError("NOT_IN_ROOM");
        assertEquals(elsewhere, error.getString("room"));
        assertEquals("m1", error.getString("cid"));
    }

    @Test
    void membersWithALimitOutOfRangeIsRefusedAndTheConnectionGoesOn() {
        String room = unique("room"), alice = unique("alice");
        ChatClient client = group(alice, room);

        client.send(members(room).put("limit", 0));
        assertTrue(client.awaitError("INVALID_FIELD").getString("info").contains("limit"));
        client.send(members(room).put("limit", listMax() + 1));
        client.awaitError("INVALID_FIELD");
        client.send(members(room));

        assertEquals(List.of(alice), users(client.awaitType("members")));
    }

    @Test
    void aSingleJoinReachesTheRoomAsAJoinWithTheCount() {
        String room = unique("room"), alice = unique("alice");
        ChatClient watcher = group(unique("carol"), room);

        group(alice, room);

        JsonObject join = watcher.await(f -> "join".equals(f.getString("type")) && alice.equals(f.getString("from_user")),
                "alice's join");
        assertEquals(room, join.getString("room"));
        assertEquals(2, join.getInteger("count"));
    }

    @Test
    void aLastLeaveReachesTheRoomAsALeaveWithTheCount() {
        String room = unique("room"), alice = unique("alice");
        ChatClient watcher = group(unique("carol"), room);
        ChatClient leaver = group(alice, room);
        watcher.await(f -> "join".equals(f.getString("type")) && alice.equals(f.getString("from_user")), "the join");

        leaver.close();

        JsonObject leave = watcher.await(f -> "leave".equals(f.getString("type"))
                && alice.equals(f.getString("from_user")), "alice's leave");
        assertEquals(1, leave.getInteger("count"));
    }

    @Test
    void severalJoinsWithinAnIntervalShareOneChangesFrame() {
        String room = unique("room"), elsewhere = unique("elsewhere");
        ChatClient watcher = group(unique("carol"), room);
        List<String> joiners = IntStream.range(0, 4).mapToObj(i -> unique("j" + i)).toList();
        List<ChatClient> clients = joiners.stream().map(name -> group(name, elsewhere)).toList();

        clients.forEach(client -> client.send(new JsonObject().put("type", "join").put("room", room)));

        // The first may go alone, if the room was quiet; the others come in one frame at the interval's end.
        Set<String> heard = new HashSet<>();
        List<JsonObject> gathered = new ArrayList<>();
        JsonObject notice = null;
        while (!heard.containsAll(joiners)) {
            notice = watcher.await(f -> "join".equals(f.getString("type")) && joiners.contains(f.getString("from_user"))
                    || "changes".equals(f.getString("type")), "the joins");
            heard.addAll(joinedIn(notice));
            // Counted when told: joiners whose notice is still to come may be in already.
            int count = notice.getInteger("count");
            assertTrue(count >= 1 + heard.size() && count <= 1 + joiners.size(), notice.encode());
            if ("changes".equals(notice.getString("type"))) {
                gathered.add(notice);
            }
        }
        assertEquals(1 + joiners.size(), notice.getInteger("count"), "the count once all are told");
        assertFalse(gathered.isEmpty(), "joins within one interval share a frame");
        for (JsonObject changes : gathered) {
            List<String> joined = joinedIn(changes);
            assertTrue(joined.size() >= 2 && joiners.containsAll(joined), changes.encode());
            assertEquals(joined.size(), changes.getInteger("joined_count"));
            assertEquals(0, changes.getInteger("left_count"));
            assertEquals(List.of(), changes.getJsonArray("left").getList());
            assertEquals("*", changes.getString("from_user"));
        }
    }

    @Test
    void aUserWhoCameAndWentWithinAnIntervalIsInNeitherList() {
        String room = unique("room"), elsewhere = unique("elsewhere");
        String first = unique("first"), brief = unique("brief"), last = unique("last");
        ChatClient watcher = group(unique("carol"), room);
        ChatClient firstClient = group(first, elsewhere);
        ChatClient briefClient = group(brief, elsewhere);
        ChatClient lastClient = group(last, elsewhere);

        firstClient.send(new JsonObject().put("type", "join").put("room", room));
        briefClient.send(new JsonObject().put("type", "join").put("room", room));
        briefClient.send(new JsonObject().put("type", "leave").put("room", room));
        briefClient.await(f -> "leave".equals(f.getString("type")), "its own leave");
        lastClient.send(new JsonObject().put("type", "join").put("room", room));

        Predicate<JsonObject> mentionsBrief = f -> brief.equals(f.getString("from_user")) || joinedIn(f).contains(brief)
                || leftIn(f).contains(brief);
        Set<String> heard = new HashSet<>();
        while (!heard.contains(last)) {
            JsonObject notice = watcher.await(f -> "join".equals(f.getString("type"))
                    || "leave".equals(f.getString("type")) || "changes".equals(f.getString("type")), "the joins");
            assertFalse(mentionsBrief.test(notice), notice.encode());
            heard.addAll(joinedIn(notice));
        }
        assertTrue(heard.contains(first));
        watcher.assertNothingMatching(mentionsBrief, Duration.ofMillis(300));
    }

    /** Who a join or changes frame says came. */
    private static List<String> joinedIn(JsonObject frame) {
        if ("join".equals(frame.getString("type"))) {
            return List.of(frame.getString("from_user"));
        }
        JsonArray joined = frame.getJsonArray("joined");
        return joined == null ? List.of() : joined.stream().map(String.class::cast).toList();
    }

    private static List<String> leftIn(JsonObject frame) {
        if ("leave".equals(frame.getString("type"))) {
            return List.of(frame.getString("from_user"));
        }
        JsonArray left = frame.getJsonArray("left");
        return left == null ? List.of() : left.stream().map(String.class::cast).toList();
    }
}
