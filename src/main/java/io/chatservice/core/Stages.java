package io.chatservice.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/**
 * Continuing after an answer of the cluster. In memory every answer is ready at once and the continuation runs at
 * once, on the caller's thread, with no task handed anywhere; an answer from Redis arrives on a Redis connection's
 * thread and the continuation goes back to the connection's own event loop, where its frames are handled.
 */
public final class Stages {

    public static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    public static final CompletionStage<Boolean> TRUE = CompletableFuture.completedFuture(Boolean.TRUE);
    public static final CompletionStage<Boolean> FALSE = CompletableFuture.completedFuture(Boolean.FALSE);

    private Stages() {
    }

    /** Applies {@code next} to the stage's value, at once if it is ready, else on {@code loop} when it is. */
    public static <T, U> CompletionStage<U> then(CompletionStage<T> stage, Executor loop, Next<T, U> next) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        if (succeeded(future)) {
            return apply(next, future.join());
        }
        return future.thenComposeAsync(value -> apply(next, value), loop);
    }

    /** Whether the stage has completed normally already: then nothing need wait for it. */
    public static boolean succeeded(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /** Whether the stage has completed, normally or not. */
    public static boolean isDone(CompletionStage<?> stage) {
        return stage.toCompletableFuture().isDone();
    }

    /**
     * The refusal a failed stage carries: its {@link ProtocolException}, or {@code UNAVAILABLE} for anything else
     * (a Redis connection lost, a timeout), which the client may retry.
     */
    public static ProtocolException refusal(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ProtocolException e ? e
                : new ProtocolException(ErrorCode.UNAVAILABLE, "the service cannot reach its cluster now; try again");
    }

    private static <T, U> CompletionStage<U> apply(Next<T, U> next, T value) {
        try {
            return next.apply(value);
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** What comes next; may refuse with a {@link ProtocolException}. */
    @FunctionalInterface
    public interface Next<T, U> {
        CompletionStage<U> apply(T value) throws ProtocolException;
    }
}
