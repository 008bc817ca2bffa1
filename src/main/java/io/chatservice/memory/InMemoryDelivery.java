package io.chatservice.memory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Outgoing;
import io.chatservice.delivery.LocalFanout;
import io.chatservice.history.Appended;
import io.chatservice.core.Change;
import io.chatservice.core.Changed;
import io.chatservice.core.Outgoing;
import io.chatservice.protocol.ProtocolException;

/** Delivery within one service instance: the default, needing no other process. */
public class InMemoryDelivery implements Delivery {

    private final LocalFanout fanout;
    private final MemoryHistory history;
    private final MemoryMailboxes mailboxes;

    public InMemoryDelivery(LocalFanout fanout, MemoryHistory history, MemoryMailboxes mailboxes) {
        this.fanout = fanout;
        this.history = history;
        this.mailboxes = mailboxes;
    }

    @Override
    public CompletionStage<Void> publish(Envelope envelope) {
        fanout.deliver(envelope);
        return DONE;
    }

    @Override
    public CompletionStage<Appended> append(Outgoing message) {
        if (message.mailbox() == null) {
            return CompletableFuture.completedFuture(history.append(message, fanout::deliver));
        }
        try {
            return CompletableFuture.completedFuture(mailboxes.keep(message, kept -> history.append(kept, fanout::deliver)));
        } catch (ProtocolException e) {
            // A resend of a message accepted before gets the first one's answer, though its mailbox is full by now.
            Appended first = history.earlier(message);
            return first != null ? CompletableFuture.completedFuture(first) : CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Changed> change(Change change) {
        return CompletableFuture.completedFuture(history.change(change, fanout::deliver));
    }

    @Override
    public CompletionStage<Void> follow(String room) {
        return DONE;
    }

    @Override
    public void unfollow(String room) {
    }
}
