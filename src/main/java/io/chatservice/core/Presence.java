package io.chatservice.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.chatservice.protocol.MemberPage;

/**
 * What every node agrees on about who is where: the one place the endpoints and the REST API ask, chosen by
 * {@code chat.broker}. The local one answers from this process's registry; the Redis one from entries every
 * node keeps in Redis. This node's own connections are always in its {@code ConnectionRegistry} as well, which a
 * fan-out reads.
 * <p>
 * Every method may be called on an event loop and never blocks; a stage fails with a
 * {@link io.chatservice.protocol.ProtocolException} ({@code UNAVAILABLE}) when the cluster cannot answer.
 */
public interface Presence {

    /**
     * This node's first connection of the user in the scope opened.
     *
     * @return true if it is the user's first connection there on any node: the scope hears that they joined
     */
    CompletionStage<Boolean> entered(Scope scope, String user);

    /**
     * This node's last connection of the user in the scope closed.
     *
     * @return true if it was the user's last connection there on any node: the scope hears that they left
     */
    CompletionStage<Boolean> left(Scope scope, String user);

    /**
     * A page of the users present in a room on any live node, in name order ({@link MemberPage#ORDER}), and how
     * many there are: its cost is the page's, not the scope's.
     *
     * @param after the last name of the page before (its {@code next}), or null for the first page
     */
    CompletionStage<MemberPage> members(Scope scope, String after, int limit);

    /** How many users are present in a room on any live node. */
    CompletionStage<Integer> count(Scope scope);

    /**
     * Which of these users are on the private channel on any node, as they spell themselves: one read per name asked,
     * never a walk of everyone.
     *
     * @param forms the names' forms ({@link io.chatservice.protocol.NameForms#userForm})
     */
    CompletionStage<List<String>> privateOnline(Collection<String> forms);

    /** A connection of the user opened on this node, on either channel; counted in {@link #onlineUsers}. */
    void connected(String user);

    /** A connection of the user on this node closed. */
    void disconnected(String user);

    /** Where a private message from one user to another goes; not {@link Route#reachable()} if the addressee is offline. */
    CompletionStage<Route> route(String from, String to);

    /**
     * A page of the users online on any channel and any node, in the order of their folded names, with their number
     * of connections: a range of an ordered index, never the whole of it.
     */
    CompletionStage<UserPage> onlineUsers(UserLookup lookup);

    /**
     * A page of the rooms with members on any node, in name order, each with its count and its first
     * {@code membersMax} members.
     *
     * @param after the last room of the page before, or null for the first page
     */
    CompletionStage<RoomsPage> rooms(String after, int limit, int membersMax);

    /** The room's count and its first {@code membersMax} members; empty when nobody is in it. */
    CompletionStage<Optional<RoomPresence>> room(String name, int membersMax);
}
