package io.chatservice.core;

import java.util.concurrent.CompletionStage;

/**
 * The seam between accepting a message and reaching its recipients. In memory ({@code chat.broker=memory}) an envelope
 * goes straight to this node's {@link io.chatservice.delivery.LocalFanout}; with Redis it goes to this node's
 * {@code LocalFanout} and, through Redis, once to every other node that has recipients, each of which hands it to its
 * own. Endpoints see only this interface.
 */
public interface Delivery {

    CompletionStage<Void> DONE = io.chatservice.core.Stages.DONE;

    /**
     * Never blocks, and never fails because of a recipient.
     *
     * @return completes when the envelope is on its way to every node it is for; fails with a
     *         {@link io.chatservice.protocol.ProtocolException} ({@code UNAVAILABLE}) when other nodes cannot be
     *         reached, after this node's own recipients have it
     */
    CompletionStage<Void> publish(Envelope envelope);

    /**
     * A chat message: kept in its stream's history and published, as one step, so that a message is in the history
     * if and only if it was published. The stream gives it its next offset, and every recipient receives the stream's
     * messages in offset order. Never blocks.
     *
     * @return the kept message; fails with a {@link io.chatservice.protocol.ProtocolException}: {@code UNAVAILABLE}
     *         when the history cannot be written now (nothing was kept or delivered), {@code MAILBOX_FULL} when the
     *         offline addressee's mailbox is full
     */
    CompletionStage<io.chatservice.history.Appended> append(io.chatservice.core.Outgoing message);

    /**
     * An edit or a delete of a kept message ({@link io.chatservice.core.Change}): checked, made in the stream's
     * history and kept there under the stream's next offset, and published to the stream's recipients on every node,
     * in one step. Never blocks.
     *
     * @return what came of it; fails with {@code UNAVAILABLE} when the history cannot be reached now (nothing changed)
     */
    CompletionStage<io.chatservice.core.Changed> change(io.chatservice.core.Change change);

    /**
     * A private message that {@link #append} kept in its offline addressee's mailbox, whose addressee has a private
     * connection by now (on the nodes {@code route} names): it goes to them live as well, in case their connection
     * read its mailbox before the message was in it. Nothing where keeping a message and letting a connection in
     * cannot overlap (in memory, one lock orders them). Never blocks; best effort.
     */
    default CompletionStage<Void> alsoLive(io.chatservice.core.Outgoing message,
            io.chatservice.history.Appended appended, io.chatservice.core.Route route) {
        return DONE;
    }

    /**
     * This node has its first member in the room: what is published to the room on other nodes must reach it from
     * now on.
     *
     * @return completes once it will (Redis confirmed the subscription)
     */
    CompletionStage<Void> follow(String room);

    /** This node's last member left the room: its messages need not reach this node any more. */
    void unfollow(String room);

    /**
     * This node has the user's first private connection: from now on it is on the user's private messages' route.
     * From any thread.
     */
    default void joinedPrivate(String user) {
    }

    /** This node's last private connection of the user closed. From any thread. */
    default void leftPrivate(String user) {
    }
}
