package io.chatservice.ws;

import jakarta.inject.Singleton;

import io.chatservice.delivery.FrameSender;
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

    @FunctionalInterface
    public interface Action {
        void run() throws ProtocolException;
    }
}
