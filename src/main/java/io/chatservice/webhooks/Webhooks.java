package io.chatservice.webhooks;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.chatservice.core.ChatEvents;
import io.chatservice.config.ChatConfig;
import io.chatservice.history.Kept;
import io.chatservice.protocol.NameForms;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The events the service tells the application's backend, POSTed to {@code chat.webhooks.url}, signed with
 * {@code chat.webhooks.secret} (see docs/server-api.md, "Webhooks"). Presence tells it of a user's and a room's
 * first and last, decided once for the cluster ({@link ChatEvents}); private messages of a message kept for an
 * offline addressee. Without a url nothing is made or sent.
 */
@Singleton
public class Webhooks implements ChatEvents {

    private static final Logger LOG = Logger.getLogger(Webhooks.class);

    private final Outbox outbox;
    private final HttpAttempt http;
    private final ChatConfig.Webhooks settings;

    public Webhooks(ChatConfig config, Vertx vertx, MeterRegistry meters) {
        this.settings = config.webhooks();
        String url = checkedUrl(settings);
        WebhookMetrics metrics = new WebhookMetrics(meters);
        if (url == null) {
            http = null;
            outbox = null;
            return;
        }
        http = new HttpAttempt(vertx, url, new Signature(settings.secret().orElseThrow()), settings.timeout(),
                settings.maxInFlight());
        outbox = new Outbox(vertx, http, metrics, settings.maxPending(), settings.maxInFlight(),
                settings.maxAttempts(), settings.backoff().toMillis());
        metrics.watch(outbox);
    }

    /** The url, or null when none is set; a url without a secret, or one that is not http(s), stops the start. */
    static String checkedUrl(ChatConfig.Webhooks settings) {
        if (settings.url().isEmpty() || settings.url().get().isBlank()) {
            return null;
        }
        String url = settings.url().get().trim();
        if (settings.secret().isEmpty() || settings.secret().get().isBlank()) {
            throw new IllegalStateException("chat.webhooks.url is set but chat.webhooks.secret is not: every event "
                    + "is signed with the secret, so set one (CHAT_WEBHOOKS_SECRET), or unset the url");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("chat.webhooks.url is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("chat.webhooks.url must be an absolute http:// or https:// URL, not '"
                    + url + "'");
        }
        if (settings.maxAttempts() < 1 || settings.maxPending() < 1 || settings.maxInFlight() < 1) {
            throw new IllegalStateException(
                    "chat.webhooks.max-attempts, max-pending and max-in-flight must each be at least 1");
        }
        return url;
    }

    /** Made at start-up, so that a url without a secret stops the start rather than the first event. */
    void check(@Observes StartupEvent event) {
        if (outbox != null) {
            LOG.infof("webhooks on: events are POSTed to %s", settings.url().get());
        }
    }

    /** After the drain and presence's clean stop (whose leaves are events too): a short, bounded chance to go out. */
    void flush(@Observes @Priority(Interceptor.Priority.APPLICATION + 700) ShutdownEvent event) {
        if (outbox == null) {
            return;
        }
        long grace = settings.shutdownGrace().toMillis();
        try {
            outbox.close(grace).toCompletableFuture().get(grace + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debugf("webhooks not flushed: %s", e.toString());
        }
        http.close();
    }

    @Override
    public void online(String user) {
        emit("user.online", userKey(user), new JsonObject().put("user", user));
    }

    @Override
    public void offline(String user) {
        emit("user.offline", userKey(user), new JsonObject().put("user", user));
    }

    @Override
    public void occupied(String room) {
        emit("room.occupied", "room:" + room, new JsonObject().put("room", room));
    }

    @Override
    public void vacated(String room) {
        emit("room.vacated", "room:" + room, new JsonObject().put("room", room));
    }

    /**
     * A private message was kept in an offline addressee's mailbox (once, not for a resend). Without its text: the
     * backend learns that and from whom, enough for a push notice, and private text never leaves the service.
     */
    @Override
    public void queued(String from, String to, Kept kept) {
        emit("message.queued", userKey(to), new JsonObject().put("message_id", kept.id()).put("epoch", kept.epoch())
                .put("offset", kept.offset()).put("from_user", from).put("to_user", to));
    }

    /** Ordered by the user's name form, as a user is one whatever spelling a connection used. */
    private static String userKey(String user) {
        return "user:" + NameForms.userForm(user);
    }

    private void emit(String type, String key, JsonObject data) {
        if (outbox == null) {
            return;
        }
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String body = new JsonObject().put("id", id).put("type", type).put("ts", System.currentTimeMillis())
                .put("data", data).encode();
        outbox.offer(new WebhookEvent(id, type, key, body));
    }
}
