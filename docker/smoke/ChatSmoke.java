import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A smoke test of a running chat service: two WebSocket clients chat through it, on the group channel and on the
 * private channel. It needs only a JDK (11 or later), run as a single source file:
 *
 * <pre>
 *   java docker/smoke/ChatSmoke.java ws://127.0.0.1:8080
 * </pre>
 *
 * Every wait is bounded (CHAT_SMOKE_TIMEOUT_SECONDS, 15 by default). It prints one line per check and exits with 0
 * when all passed, 1 when one failed and 2 on wrong usage.
 */
public class ChatSmoke {

    static final Duration TIMEOUT = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("CHAT_SMOKE_TIMEOUT_SECONDS", "15")));

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].matches("wss?://.+")) {
            System.err.println("usage: java ChatSmoke.java ws://HOST:PORT");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        List<Client> clients = new ArrayList<>();
        try {
            String token = Long.toString(System.nanoTime(), 36);
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

            // Group chat: alice and bob in the default room, alice speaks, both hear it.
            Client alice = Client.open(http, base + "/groupchat/alice", "alice (group)", clients);
            alice.await("a presence frame", f -> "presence".equals(field(f, "type")));
            Client bob = Client.open(http, base + "/groupchat/bob", "bob (group)", clients);
            String presence = bob.await("a presence frame", f -> "presence".equals(field(f, "type")));
            if (!presence.contains("\"alice\"") || !presence.contains("\"bob\"")) {
                throw new SmokeFailure("bob's presence frame does not list alice and bob: " + presence);
            }
            String text = "hello from alice " + token;
            alice.send("{\"info\":\"" + text + "\"}");
            Predicate<String> groupMessage = f -> "message".equals(field(f, "type"))
                    && "alice".equals(field(f, "from_user")) && text.equals(field(f, "info"));
            String received = bob.await("alice's group message", groupMessage);
            alice.await("her own group message back", groupMessage);
            System.out.println("OK group chat: bob received " + received);

            // Private chat: alice writes to bob alone.
            Client alicePrivate = Client.open(http, base + "/privateChat/alice", "alice (private)", clients);
            alicePrivate.await("a presence frame", f -> "presence".equals(field(f, "type")));
            Client bobPrivate = Client.open(http, base + "/privateChat/bob", "bob (private)", clients);
            bobPrivate.await("a presence frame", f -> "presence".equals(field(f, "type")));
            String secret = "psst bob " + token;
            alicePrivate.send("{\"to_user\":\"bob\",\"info\":\"" + secret + "\"}");
            received = bobPrivate.await("alice's private message", f -> "message".equals(field(f, "type"))
                    && "alice".equals(field(f, "from_user")) && "bob".equals(field(f, "to_user"))
                    && secret.equals(field(f, "info")));
            System.out.println("OK private chat: bob received " + received);

            for (Client c : clients) {
                c.close();
            }
            System.out.println("CHAT OK: two clients chatted through " + base);
            System.exit(0);
        } catch (SmokeFailure e) {
            System.err.println("CHAT FAILED: " + e.getMessage());
        } catch (Exception e) {
            System.err.println("CHAT FAILED: " + e);
        }
        for (Client c : clients) {
            c.abort();
        }
        System.exit(1);
    }

    /** The string value of a top-level field of a flat JSON object, or null. Enough for the service's frames. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static final class SmokeFailure extends Exception {
        private static final long serialVersionUID = 1L;

        SmokeFailure(String message) {
            super(message);
        }
    }

    /** One WebSocket connection that queues the text frames it receives. */
    static final class Client implements WebSocket.Listener {
        final String name;
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();
        final StringBuilder partial = new StringBuilder();
        volatile String closed;
        WebSocket ws;

        Client(String name) {
            this.name = name;
        }

        static Client open(HttpClient http, String url, String name, List<Client> all) throws Exception {
            Client c = new Client(name);
            URI uri = URI.create(url);
            try {
                c.ws = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, c)
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new SmokeFailure(name + " could not connect to " + url + ": " + e);
            }
            all.add(c);
            return c;
        }

        String await(String what, Predicate<String> wanted) throws Exception {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                String frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
                if (frame == null) {
                    throw new SmokeFailure(name + " did not receive " + what + " within " + TIMEOUT.toSeconds()
                            + " s" + (closed != null ? " (connection closed: " + closed + ")" : "")
                            + "; frames received: " + seen);
                }
                seen.add(frame);
                if (wanted.test(frame)) {
                    return frame;
                }
            }
        }

        void send(String text) throws Exception {
            try {
                ws.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new SmokeFailure(name + " could not send " + text + ": " + e);
            }
        }

        void close() {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }

        void abort() {
            if (ws != null) {
                ws.abort();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = statusCode + " " + reason;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = "error " + error;
        }
    }
}
