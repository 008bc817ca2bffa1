package io.chatservice.cluster.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/** The one answer a client gets whatever went wrong between this node and Redis: try again in a moment. */
final class Unavailable {

    private Unavailable() {
    }

    static ProtocolException because(String why) {
        return new ProtocolException(ErrorCode.UNAVAILABLE, "the cluster cannot answer now (" + why + "), try again");
    }

    static <T> CompletionStage<T> failed(String why) {
        return CompletableFuture.failedFuture(because(why));
    }

    /** A stage's failure without the {@link CompletionException} that stages wrap around it. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
