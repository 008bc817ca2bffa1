package io.chatservice.delivery;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.core.Stages;
import io.chatservice.transport.FrameSender;
import io.chatservice.history.Appended;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;

/** Answers one connection directly: its replies, and its refused frames as error frames. */
@Singleton
public class Replies {

    private final Frames frames;
    private final FrameSender sender;
    private final ChatMetrics metrics;

    public Replies(Frames frames, FrameSender sender, ChatMetrics metrics) {
        this.frames = frames;
        this.sender = sender;
        this.metrics = metrics;
    }

    public void reply(ChatSession session, String frame) {
        sender.send(session, frame);
    }

    public void error(ChatSession session, ProtocolException e) {
        metrics.error(e.code());
        sender.send(session, frames.error(e));
    }

    /** Runs what a client frame asks for; a refusal becomes an error frame to that client alone. */
    public void handle(ChatSession session, Action action) {
        try {
            action.run();
        } catch (ProtocolException e) {
            error(session, e);
        }
    }

    /**
     * Runs a step that may wait for the cluster. A refusal, now or when the answer comes, becomes an error frame to
     * that client alone.
     *
     * @return completes (never fails) when the step is done
     */
    public CompletionStage<Void> handle(ChatSession session, Step step) {
        CompletionStage<?> stage;
        try {
            stage = step.run();
        } catch (ProtocolException e) {
            error(session, e);
            return Stages.DONE;
        }
        if (Stages.succeeded(stage)) {
            return Stages.DONE;
        }
        return stage.handle((done, failure) -> {
            if (failure != null) {
                error(session, Stages.refusal(failure));
            }
            return null;
        });
    }

    /** Tells the client if something it caused fails later, such as reaching other nodes. */
    public void onFailure(ChatSession session, CompletionStage<?> stage) {
        if (stage != Stages.DONE) {
            stage.whenComplete((done, failure) -> {
                if (failure != null) {
                    error(session, Stages.refusal(failure));
                }
            });
        }
    }

    /**
     * Answers a kept message once its stream has it: with an {@code ack} if the client gave it a {@code cid}, with an
     * error frame (carrying the cid) if it could not be kept.
     */
    public void acknowledge(ChatSession session, String cid, CompletionStage<Appended> appended, String room,
            String toUser) {
        if (cid == null) {
            onFailure(session, appended);
            return;
        }
        appended.whenComplete((done, failure) -> {
            if (failure != null) {
                error(session, Stages.refusal(failure).withCid(cid));
            } else {
                reply(session, frames.ack(cid, done, room, toUser));
            }
        });
    }

    @FunctionalInterface
    public interface Action {
        void run() throws ProtocolException;
    }

    @FunctionalInterface
    public interface Step {
        CompletionStage<?> run() throws ProtocolException;
    }
}
