package io.chatservice.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/** What a back end's stage came to, waited for a bounded time: its value, or the refusal it failed with. */
public final class Results {

    private Results() {
    }

    public static <T> T result(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** The refusal a stage failed with, which must carry the code. */
    public static ProtocolException refusal(CompletionStage<?> stage, ErrorCode code) {
        try {
            Object value = stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
            return fail("expected " + code + ", got " + value);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            ProtocolException refused = assertInstanceOf(ProtocolException.class, cause);
            assertEquals(code, refused.code(), refused.reason());
            return refused;
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
