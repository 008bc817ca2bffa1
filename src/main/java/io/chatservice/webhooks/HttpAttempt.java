package io.chatservice.webhooks;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One POST of an event to the backend with Vert.x' HTTP client: non-blocking, bounded by the timeout (to connect, and
 * then with no byte of the answer). Signed anew on each attempt, so that the signature's time is the attempt's.
 */
final class HttpAttempt implements Outbox.Attempt {

    private static final Logger LOG = Logger.getLogger(HttpAttempt.class);
    static final String EVENT_ID = "Chat-Event-Id";

    private final HttpClient client;
    private final String url;
    private final Signature signature;
    private final long timeoutMillis;

    HttpAttempt(Vertx vertx, String url, Signature signature, Duration timeout, int maxInFlight) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(maxInFlight).setKeepAlive(true));
        this.url = url;
        this.signature = signature;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    @Override
    public CompletionStage<Boolean> apply(WebhookEvent event) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
                .putHeader("Content-Type", "application/json")
                .putHeader(EVENT_ID, event.id())
                .putHeader(Signature.HEADER, signature.header(System.currentTimeMillis() / 1000, event.body()));
        return client.request(request)
                .compose(req -> req.send(Buffer.buffer(event.body())))
                // The body is read to its end, so that the connection goes back to the pool.
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .map(status -> {
                    if (status / 100 != 2) {
                        LOG.debugf("webhook %s %s answered %d", event.type(), event.id(), status);
                    }
                    return status / 100 == 2;
                })
                .onFailure(e -> LOG.debugf("webhook %s %s not delivered: %s", event.type(), event.id(), e.toString()))
                .toCompletionStage();
    }

    void close() {
        client.close();
    }
}
