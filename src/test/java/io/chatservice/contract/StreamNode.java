package io.chatservice.contract;

import static io.chatservice.contract.Results.result;

import java.util.List;

import io.chatservice.core.Blocks;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Friends;
import io.chatservice.core.HistoryReads;
import io.chatservice.history.Appended;
import io.chatservice.identity.Names;
import io.chatservice.mailbox.Mailboxes;

/**
 * One node of a back end under test, as the history and mailbox contracts see it: its message path, the history
 * and mailboxes it reads, names, friends and blocks, and what its fan-out was handed (on a back end whose nodes are
 * one process, what that process's fan-out was handed).
 */
public final class StreamNode {

    public final String id;
    public final Delivery delivery;
    public final HistoryReads history;
    public final Mailboxes mailboxes;
    public final Names names;
    public final Friends friends;
    public final Blocks blocks;
    /** Every envelope the node's fan-out was handed, in the order handed; a list safe to add to from any thread. */
    public final List<Envelope> got;

    public StreamNode(String id, Delivery delivery, HistoryReads history, Mailboxes mailboxes, Names names,
            Friends friends, Blocks blocks, List<Envelope> got) {
        this.id = id;
        this.delivery = delivery;
        this.history = history;
        this.mailboxes = mailboxes;
        this.names = names;
        this.friends = friends;
        this.blocks = blocks;
        this.got = got;
    }

    /** Follows the room and waits until the back end confirmed it. */
    public void follow(String room) {
        result(delivery.follow(room));
    }

    /** A room message from {@code user}, with a {@code cid} or none. */
    public Appended say(String room, String user, String text, String cid) {
        return result(delivery.append(Messages.roomMessage(room, user, text, cid)));
    }

    /** The offsets of the kept messages this node's fan-out was handed, in the order handed. */
    public List<Long> offsets() {
        synchronized (got) {
            return got.stream().filter(Envelope::isKept).map(Envelope::offset).toList();
        }
    }
}
