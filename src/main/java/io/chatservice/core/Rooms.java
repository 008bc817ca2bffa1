package io.chatservice.core;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

/**
 * Being in a room, as the cluster sees it. This node's registry says what a join or a leave changed here (the room's
 * first or last member on this node, the user's first or last connection in it); this decides what that means for the
 * cluster: whether the room's messages must reach this node, whether the user arrived in the room or left it
 * everywhere, and tells the room's members on every node ({@link RoomChange}).
 */
@Singleton
public class Rooms {

    private final Delivery delivery;
    private final Presence presence;

    public Rooms(Delivery delivery, Presence presence) {
        this.delivery = delivery;
        this.presence = presence;
    }

    /**
     * A user entered a room on this node. Both questions go to the cluster at once.
     *
     * @param newHere the room had no member on this node: its messages must reach this node from now on
     * @param firstOfUserHere the user's first connection in the room on this node
     * @param loop where to continue after the cluster's answers: the connection's event loop
     * @return whether the user is thereby in the room for the first time anywhere; completes once what is published
     *         to the room reaches this node
     */
    public CompletionStage<Boolean> enter(String room, String user, boolean newHere, boolean firstOfUserHere,
            Executor loop) {
        CompletionStage<Void> heard = newHere ? delivery.follow(room) : Stages.DONE;
        CompletionStage<Boolean> first = firstOfUserHere ? presence.entered(Scope.room(room), user) : Stages.FALSE;
        return Stages.then(heard, loop, ready -> first);
    }

    /**
     * A user left a room on this node.
     *
     * @param emptyHere the room has no member on this node any more: its messages need not reach it
     * @param lastOfUserHere the user's last connection in the room on this node
     * @return whether the user has thereby left the room everywhere
     */
    public CompletionStage<Boolean> leave(String room, String user, boolean emptyHere, boolean lastOfUserHere) {
        if (emptyHere) {
            delivery.unfollow(room);
        }
        return lastOfUserHere ? presence.left(Scope.room(room), user) : Stages.FALSE;
    }

    /** Tells the room's members on every node that the user arrived (each node gathers it into its notices). */
    public void arrived(String room, String user) {
        delivery.publish(new Envelope(Target.roomChange(room), RoomChange.joined(user)));
    }

    /** Tells the room's members on every node that the user left the room everywhere. */
    public void departed(String room, String user) {
        delivery.publish(new Envelope(Target.roomChange(room), RoomChange.left(user)));
    }
}
