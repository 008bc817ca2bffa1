package io.chatservice.cluster;

import java.util.concurrent.CompletionStage;

import io.chatservice.core.HistoryReads;
import io.chatservice.core.StreamKey;
import io.chatservice.history.Page;

/**
 * The reads {@link GapRepair} needs from the history every node writes: besides where a stream is now
 * ({@link #latest} with no message), what lies between two offsets. A broker whose transport may lose a message
 * implements it over its shared history.
 */
public interface RepairReads extends HistoryReads {

    /**
     * The messages strictly between two offsets, for a repair of what the transport lost; {@code to} 0 for all after
     * {@code from}. Those older than the history are missing from the page.
     */
    CompletionStage<Page> between(StreamKey stream, long from, long to);
}
