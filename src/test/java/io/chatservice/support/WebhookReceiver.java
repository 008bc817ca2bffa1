package io.chatservice.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * The application's backend as the webhook tests play it: an HTTP server on a free loopback port that verifies
 * every request's signature as docs/server-api.md tells a receiver to, records the events it accepted in the order
 * it accepted them, and misbehaves on purpose for some users and rooms: a name starting with {@value #FLAKY} is
 * answered 503 on its {@code user.online}'s first {@value #FLAKY_FAILURES} attempts (its other events at once), one
 * starting with {@value #SILENT} gets no answer at all on its {@code user.online}'s first attempt.
 */
public final class WebhookReceiver implements AutoCloseable {

    public static final String SECRET = "whsec-test-7f3a";
    public static final String FLAKY = "flaky";
    public static final int FLAKY_FAILURES = 2;
    public static final String SILENT = "silent";
    /** Seconds a signature's time may differ from the receiver's clock. */
    static final long TOLERANCE = 300;

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    /** Accepted (2xx) events, in the order they were accepted. */
    private final List<JsonObject> accepted = new CopyOnWriteArrayList<>();
    /** Requests whose signature, event id header or body was wrong: none, in a passing run. */
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    private WebhookReceiver() {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String text = body.toString(StandardCharsets.UTF_8);
            String problem = check(request.getHeader("Chat-Signature"), request.getHeader("Chat-Event-Id"), text);
            if (problem != null) {
                refused.add(problem + ": " + text);
                request.response().setStatusCode(400).end();
                return;
            }
            JsonObject event = new JsonObject(text);
            int attempt = attempts.computeIfAbsent(event.getString("id"), id -> new AtomicInteger()).incrementAndGet();
            String about = about(event);
            boolean online = "user.online".equals(event.getString("type"));
            if (about.startsWith(SILENT) && attempt == 1 && online) {
                return; // never answered: the service's timeout ends it
            }
            if (about.startsWith(FLAKY) && attempt <= FLAKY_FAILURES && online) {
                request.response().setStatusCode(503).end();
                return;
            }
            accepted.add(event);
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    public static WebhookReceiver start() {
        return new WebhookReceiver();
    }

    /** The settings that point a service at this receiver. */
    public Map<String, String> settings() {
        return Map.of("chat.webhooks.url", "http://127.0.0.1:" + server.actualPort() + "/hooks",
                "chat.webhooks.secret", SECRET);
    }

    /** A receiver's check, as docs/server-api.md gives it: the signed time is recent and the HMAC matches. */
    static String check(String signature, String eventId, String body) {
        if (signature == null) {
            return "no Chat-Signature";
        }
        String t = null, v1 = null;
        for (String part : signature.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (t == null || v1 == null) {
            return "malformed Chat-Signature " + signature;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > TOLERANCE) {
            return "signature time out of tolerance";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1))) {
                return "bad signature";
            }
        } catch (Exception e) {
            return "signature not checked: " + e;
        }
        if (eventId == null || !eventId.equals(new JsonObject(body).getString("id"))) {
            return "Chat-Event-Id " + eventId + " is not the body's id";
        }
        return null;
    }

    /** The user or room an event is about. */
    public static String about(JsonObject event) {
        JsonObject data = event.getJsonObject("data");
        String user = data.getString("to_user", data.getString("user"));
        return user != null ? user : data.getString("room", "");
    }

    /** The accepted events about a user or room, in the order accepted. */
    public List<JsonObject> about(String userOrRoom) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject event : accepted) {
            if (about(event).equals(userOrRoom)) {
                out.add(event);
            }
        }
        return out;
    }

    /** The types of the accepted events about a user or room, in the order accepted. */
    public List<String> typesAbout(String userOrRoom) {
        return about(userOrRoom).stream().map(e -> e.getString("type")).toList();
    }

    public List<JsonObject> accepted(Predicate<JsonObject> match) {
        return accepted.stream().filter(match).toList();
    }

    /** How many requests an event took. */
    public int attempts(String eventId) {
        AtomicInteger n = attempts.get(eventId);
        return n == null ? 0 : n.get();
    }

    public List<String> refused() {
        return refused;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
