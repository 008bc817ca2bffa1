package io.chatservice.ws;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.chatservice.core.Stages;
import io.chatservice.registry.ChatSession;

/**
 * Keeps one connection's frames in the order they came when handling one of them waits for the cluster (Redis, with
 * {@code chat.broker=redis}): what arrives meanwhile waits its turn, on the connection's event loop, so that two
 * private messages, or a join and a message, are never swapped. In memory nothing ever waits and nothing is queued.
 */
final class InOrder {

    /**
     * Frames that may wait behind one: well above a connection's send burst, so that only a client sending faster
     * than the cluster answers, with the rate limits off, is told to slow down.
     */
    static final int MAX_QUEUED = 256;

    private InOrder() {
    }

    /**
     * Runs the step now, or after the steps before it.
     *
     * @return false if too many steps wait already, and this one was not taken
     */
    static boolean run(ChatSession session, Supplier<CompletionStage<Void>> step) {
        if (session.isWaiting()) {
            return session.queue(() -> execute(session, step), MAX_QUEUED);
        }
        execute(session, step);
        return true;
    }

    private static void execute(ChatSession session, Supplier<CompletionStage<Void>> step) {
        if (session.isClosing()) {
            return; // what waited behind a connection that has gone is dropped with it
        }
        CompletionStage<Void> stage = step.get();
        if (!Stages.isDone(stage)) {
            session.waiting(true);
            stage.whenComplete((done, failure) -> session.eventLoop().execute(() -> resume(session)));
        }
    }

    private static void resume(ChatSession session) {
        session.waiting(false);
        Runnable next;
        while (!session.isWaiting() && (next = session.nextQueued()) != null) {
            next.run();
        }
    }
}
