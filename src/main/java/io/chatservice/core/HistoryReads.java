package io.chatservice.core;

import java.util.concurrent.CompletionStage;

import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.history.Position;

/**
 * Reading a stream's history: this process's memory, or Redis Streams. Never blocks; a stage fails with a
 * {@link io.chatservice.protocol.ProtocolException} ({@code UNAVAILABLE}) when the history cannot be read now.
 */
public interface HistoryReads {

    /** The newest {@code limit} messages, oldest first. */
    CompletionStage<Page> latest(StreamKey stream, int limit);

    /** The newest {@code limit} messages with an offset below {@code before}, oldest first. */
    CompletionStage<Page> before(StreamKey stream, long before, int limit);

    /**
     * What a client that saw {@code seen} missed, oldest first: every message after it, if there are at most
     * {@code max} and all are still kept in the same epoch ({@code recovered} true, possibly with no messages);
     * otherwise no messages and {@code recovered} false.
     */
    CompletionStage<Page> after(StreamKey stream, Position seen, int max);

    /** The message at {@code offset} of the stream, if the history still keeps it; else null. */
    CompletionStage<Kept> at(StreamKey stream, long offset);
}
