package io.chatservice.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.chatservice.cluster.ClusterNode;
import io.chatservice.core.ChatEvents;
import io.chatservice.core.Presence;
import io.chatservice.core.RoomPresence;
import io.chatservice.core.RoomsPage;
import io.chatservice.core.Route;
import io.chatservice.core.Scope;
import io.chatservice.core.Stages;
import io.chatservice.core.UserLookup;
import io.chatservice.core.UserPage;
import io.chatservice.protocol.MemberPage;
import io.chatservice.registry.ConnectionRegistry;

/**
 * Presence with {@code chat.broker=memory}: this node is the whole service, so its registry has every answer, and
 * this node's first and last connections are the first and last anywhere.
 */
public class LocalPresence implements Presence {

    private final ConnectionRegistry registry;
    private final ChatEvents events;
    /** Users in each room with any: the first in and the last out are decided here, atomically per room. */
    private final ConcurrentHashMap<String, Integer> roomUsers = new ConcurrentHashMap<>();
    /** The two answers a private message can get, made once: this runs for every private message. */
    private final CompletionStage<Route> reachable;
    private final CompletionStage<Route> offline;

    public LocalPresence(ConnectionRegistry registry, ClusterNode node) {
        this(registry, node, ChatEvents.NONE);
    }

    public LocalPresence(ConnectionRegistry registry, ClusterNode node, ChatEvents events) {
        this.registry = registry;
        this.events = events;
        Set<String> here = Set.of(node.id());
        this.reachable = CompletableFuture.completedFuture(new Route(here, here));
        this.offline = CompletableFuture.completedFuture(new Route(Set.of(), here));
    }

    @Override
    public CompletionStage<Boolean> entered(Scope scope, String user) {
        if (scope.isPrivateChannel()) {
            events.online(user);
        } else {
            // Told inside the room's update, so that an occupied is never told after the vacated that follows it.
            roomUsers.compute(scope.room(), (room, users) -> {
                if (users == null) {
                    events.occupied(room);
                    return 1;
                }
                return users + 1;
            });
        }
        return Stages.TRUE;
    }

    @Override
    public CompletionStage<Boolean> left(Scope scope, String user) {
        if (scope.isPrivateChannel()) {
            events.offline(user);
        } else {
            roomUsers.computeIfPresent(scope.room(), (room, users) -> {
                if (users > 1) {
                    return users - 1;
                }
                events.vacated(room);
                return null;
            });
        }
        return Stages.TRUE;
    }

    @Override
    public CompletionStage<List<String>> privateOnline(Collection<String> forms) {
        List<String> online = new ArrayList<>();
        for (String form : forms) {
            String user = registry.privateUser(form);
            if (user != null) {
                online.add(user);
            }
        }
        return CompletableFuture.completedFuture(online);
    }

    @Override
    public CompletionStage<MemberPage> members(Scope scope, String after, int limit) {
        if (scope.isPrivateChannel()) {
            throw new IllegalArgumentException("the private channel's members are asked by name: privateOnline");
        }
        return CompletableFuture.completedFuture(registry.roomMembers(scope.room(), after, limit));
    }

    @Override
    public CompletionStage<Integer> count(Scope scope) {
        if (scope.isPrivateChannel()) {
            throw new IllegalArgumentException("the private channel is not counted: nobody is told its size");
        }
        return CompletableFuture.completedFuture(registry.roomCount(scope.room()));
    }

    @Override
    public void connected(String user) {
        // The registry counts the connection itself.
    }

    @Override
    public void disconnected(String user) {
    }

    @Override
    public CompletionStage<Route> route(String from, String to) {
        return registry.isReachable(to) ? reachable : offline;
    }

    @Override
    public CompletionStage<UserPage> onlineUsers(UserLookup lookup) {
        return CompletableFuture.completedFuture(registry.onlineUsers(lookup));
    }

    @Override
    public CompletionStage<RoomsPage> rooms(String after, int limit, int membersMax) {
        return CompletableFuture.completedFuture(registry.rooms(after, limit, membersMax));
    }

    @Override
    public CompletionStage<Optional<RoomPresence>> room(String name, int membersMax) {
        return CompletableFuture.completedFuture(registry.room(name, membersMax));
    }
}
