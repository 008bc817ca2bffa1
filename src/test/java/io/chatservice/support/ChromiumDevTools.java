package io.chatservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonObject;

/**
 * A DevTools connection to the whole browser, for the commands chromedriver's sessions, each on one page, are not
 * allowed to send: making and throwing away browser contexts, and opening pages in them.
 */
final class ChromiumDevTools implements AutoCloseable {

    private static final Duration ANSWER = Duration.ofSeconds(10);

    private final Map<Integer, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuilder frame = new StringBuilder();
    private WebSocket socket;

    private ChromiumDevTools() {
    }

    /** Connects to the browser whose DevTools listen at the address ({@code host:port}). */
    static ChromiumDevTools connect(String debuggerAddress) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            String version = http.send(HttpRequest.newBuilder(URI.create("http://" + debuggerAddress + "/json/version"))
                    .timeout(ANSWER).build(), HttpResponse.BodyHandlers.ofString()).body();
            ChromiumDevTools devTools = new ChromiumDevTools();
            devTools.socket = http.newWebSocketBuilder().connectTimeout(ANSWER)
                    .buildAsync(URI.create(new JsonObject(version).getString("webSocketDebuggerUrl")),
                            devTools.new Answers())
                    .get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            return devTools;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no DevTools connection to the browser at " + debuggerAddress, e);
        }
    }

    /** Sends the command and returns its result, or throws with the browser's error. */
    JsonObject send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        String command = new JsonObject().put("id", id).put("method", method).put("params", new JsonObject(params))
                .encode();
        try {
            synchronized (this) {
                socket.sendText(command, true).get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            }
            JsonObject reply = answer.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.containsKey("error")) {
                throw new IllegalStateException(method + ": " + reply.getJsonObject("error").encode());
            }
            return reply.getJsonObject("result", new JsonObject());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer", e);
        } finally {
            waiting.remove(id);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Hands each answer to the command waiting for it; the browser sends no events unless asked. */
    private final class Answers implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                JsonObject message = new JsonObject(frame.toString());
                frame.setLength(0);
                CompletableFuture<JsonObject> answer = waiting.get(message.getInteger("id", -1));
                if (answer != null) {
                    answer.complete(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
