package io.chatservice.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.cluster.RepairReads;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.history.Position;
import io.chatservice.core.StreamKey;
import io.vertx.redis.client.Response;

/**
 * A stream's history in Redis ({@code chat.broker=redis}), as {@link RedisDelivery} keeps it (the layout is in
 * {@link HistoryScripts}). Each read is one script over the node's state connection, so that the epoch and the
 * messages of a page come from one moment of the stream: two commands could straddle a flush and pair an old epoch
 * with a new epoch's messages, which would make a recovery claim to be exact when it is not.
 * <p>
 * Typed as itself only, so that it is not a second {@code HistoryReads} bean: the producer that chooses the broker
 * resolves it only with {@code chat.broker=redis}.
 */
@Singleton
@Typed(RedisHistory.class)
public class RedisHistory implements RepairReads {

    private static final Page NOT_RECOVERED = new Page(null, 0, List.of(), false);

    private final StateConnection state;

    @Inject
    public RedisHistory(StateConnection state) {
        this.state = state;
    }

    @Override
    public CompletionStage<Page> latest(StreamKey stream, int limit) {
        return read(stream, "latest", Math.max(0, limit)).thenApply(RedisHistory::page);
    }

    @Override
    public CompletionStage<Page> before(StreamKey stream, long before, int limit) {
        return read(stream, "before", before, Math.max(0, limit)).thenApply(RedisHistory::page);
    }

    /** As in memory: only a position in the stream's epoch now can be recovered, and a stream without one cannot. */
    @Override
    public CompletionStage<Page> after(StreamKey stream, Position seen, int max) {
        String epoch = seen.epoch() == null ? "" : seen.epoch();
        return read(stream, "after", Math.max(0, seen.offset()), epoch, Math.max(0, max)).thenApply(reply -> {
            Page page = page(reply);
            return page.exists() ? page : NOT_RECOVERED;
        });
    }

    @Override
    public CompletionStage<Kept> at(StreamKey stream, long offset) {
        if (offset < 1) {
            return CompletableFuture.completedFuture(null);
        }
        return between(stream, offset - 1, offset + 1).thenApply(page -> page.messages().stream()
                .filter(kept -> kept.offset() == offset).findFirst().orElse(null));
    }

    /**
     * The messages strictly between two offsets, for a repair of what pub/sub lost; {@code to} 0 for all after
     * {@code from}. Those older than the history are missing from the page.
     */
    @Override
    public CompletionStage<Page> between(StreamKey stream, long from, long to) {
        return read(stream, "between", from, to <= 0 ? "+" : String.valueOf(to)).thenApply(RedisHistory::page);
    }

    private CompletionStage<Response> read(StreamKey stream, Object... args) {
        return state.eval(HistoryScripts.READ, HistoryScripts.prefix(stream), args);
    }

    /** Reads {@link HistoryScripts#READ}'s reply. */
    private static Page page(Response reply) {
        String epoch = reply.get(0).toString();
        if (epoch.isEmpty()) {
            return Page.NONE;
        }
        long latest = reply.get(1).toLong();
        boolean recovered = reply.get(2).toInteger() == 1;
        List<Kept> messages = new ArrayList<>((reply.size() - 3) / 3);
        for (int i = 3; i + 2 < reply.size(); i += 3) {
            messages.add(new Kept(reply.get(i).toLong(), epoch, reply.get(i + 1).toString(),
                    reply.get(i + 2).toString()));
        }
        return new Page(epoch, latest, List.copyOf(messages), recovered);
    }
}
