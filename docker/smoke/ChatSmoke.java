import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   java docker/smoke/ChatSmoke.java ws://127.0.0.1:8081 ws://127.0.0.1:8082
 * </pre>
 *
 * With one address both users connect to it. With two, the first user connects to the first node and the second
 * user to the second, so that every message has to cross from one node to the other: the cluster check. Either way
 * both users join one room and hear each other, write each other privately, and {@code GET /api/users} on every
 * given node lists both of them while they are connected.
 *
 * The names carry a suffix of their own per run, so that runs never meet the names of an earlier one. Every wait is
 * bounded (CHAT_SMOKE_TIMEOUT_SECONDS, 15 by default). It prints one line per check and exits with 0 when all
 * passed, 1 when one failed and 2 on wrong usage.
 */
public class ChatSmoke {

    static final Duration TIMEOUT = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("CHAT_SMOKE_TIMEOUT_SECONDS", "15")));

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || !Arrays.stream(args).allMatch(a -> a.matches("wss?://.+"))) {
            System.err.println("usage: java ChatSmoke.java ws://HOST:PORT [ws://OTHER-HOST:PORT]");
            System.exit(2);
        }
        String baseA = args[0].replaceAll("/+$", "");
        String baseB = args[args.length - 1].replaceAll("/+$", "");
        boolean twoNodes = !baseA.equals(baseB);
        String where = twoNodes ? " across " + baseA + " and " + baseB : " through " + baseA;
        List<Client> clients = new ArrayList<>();
        try {
            String token = Long.toString(System.nanoTime(), 36);
            String alice = "alice-" + token;
            String bob = "bob-" + token;
            String atA = twoNodes ? " (on node A)" : "";
            String atB = twoNodes ? " (on node B)" : "";
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

            // Group chat: alice and bob in the default room, each hears the other.
            Client aliceGroup = Client.open(http, baseA + "/groupchat/" + alice, alice + " (group)" + atA, clients);
            String aliceKey = aliceGroup.awaitWelcome();
            aliceGroup.await("a presence frame", f -> "presence".equals(field(f, "type")));
            Client bobGroup = Client.open(http, baseB + "/groupchat/" + bob, bob + " (group)" + atB, clients);
            String bobKey = bobGroup.awaitWelcome();
            String presence = bobGroup.await("a presence frame", f -> "presence".equals(field(f, "type")));
            if (!presence.contains("\"" + alice + "\"") || !presence.contains("\"" + bob + "\"")) {
                throw new SmokeFailure(bob + "'s presence frame does not list " + alice + " and " + bob + ": "
                        + presence);
            }
            aliceGroup.await(bob + "'s join",
                    f -> "join".equals(field(f, "type")) && bob.equals(field(f, "from_user")));
            System.out.println("OK group presence: " + bob + " sees " + alice + ", " + alice + " hears " + bob
                    + " join");

            String text = "hello from alice " + token;
            aliceGroup.send(json("info", text));
            Predicate<String> fromAlice = message(alice, text);
            String received = bobGroup.await(alice + "'s group message", fromAlice);
            aliceGroup.await("her own group message back", fromAlice);
            System.out.println("OK group chat: " + bob + " received " + received);
            String answer = "hello from bob " + token;
            bobGroup.send(json("info", answer));
            received = aliceGroup.await(bob + "'s group message", message(bob, answer));
            System.out.println("OK group chat: " + alice + " received " + received);

            // Private chat: each writes to the other alone, on a second connection under the same name (its key).
            Client alicePrivate = Client.open(http, baseA + "/privateChat/" + alice + keyQuery(aliceKey),
                    alice + " (private)" + atA, clients);
            alicePrivate.await("a presence frame", f -> "presence".equals(field(f, "type")));
            Client bobPrivate = Client.open(http, baseB + "/privateChat/" + bob + keyQuery(bobKey),
                    bob + " (private)" + atB, clients);
            bobPrivate.await("a presence frame", f -> "presence".equals(field(f, "type")));
            String secret = "psst bob " + token;
            alicePrivate.send(json("to_user", bob, "info", secret));
            received = bobPrivate.await(alice + "'s private message", message(alice, secret)
                    .and(f -> bob.equals(field(f, "to_user"))));
            System.out.println("OK private chat: " + bob + " received " + received);
            String reply = "psst alice " + token;
            bobPrivate.send(json("to_user", alice, "info", reply));
            received = alicePrivate.await(bob + "'s private reply", message(bob, reply)
                    .and(f -> alice.equals(field(f, "to_user"))));
            System.out.println("OK private chat: " + alice + " received " + received);

            // Who is online, asked of every node: each lists both users.
            for (String base : twoNodes ? List.of(baseA, baseB) : List.of(baseA)) {
                String users = onlineUsers(http, base);
                for (String name : List.of(alice, bob)) {
                    Pattern listed = Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"");
                    if (!listed.matcher(users).find()) {
                        throw new SmokeFailure("GET /api/users on " + base + " does not list " + name + ": " + users);
                    }
                }
                System.out.println("OK online users on " + base + ": " + users);
            }

            for (Client c : clients) {
                c.close();
            }
            System.out.println("CHAT OK: two clients chatted" + where);
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

    /** The query that presents a name's key on a further connection (none without a key). */
    static String keyQuery(String key) {
        return key == null ? "" : "?key=" + key;
    }

    /** A chat message from {@code from} with the text {@code info}. */
    static Predicate<String> message(String from, String info) {
        return f -> "message".equals(field(f, "type")) && from.equals(field(f, "from_user"))
                && info.equals(field(f, "info"));
    }

    /** A flat JSON object of string fields, given as name, value, name, value... (the values are plain text). */
    static String json(String... fields) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < fields.length; i += 2) {
            json.append(i == 0 ? "" : ",").append('"').append(fields[i]).append("\":\"").append(fields[i + 1])
                    .append('"');
        }
        return json.append('}').toString();
    }

    /** The body of {@code GET /api/users} on the node behind a ws:// or wss:// base address. */
    static String onlineUsers(HttpClient http, String base) throws Exception {
        URI uri = URI.create(base.replaceFirst("^ws", "http") + "/api/users");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new SmokeFailure("GET " + uri + " failed: " + e);
        }
        if (response.statusCode() != 200) {
            throw new SmokeFailure("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
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

        /** Waits for the welcome frame and returns the key it carries for the name (null in jwt mode). */
        String awaitWelcome() throws Exception {
            String welcome = await("a welcome frame", f -> "welcome".equals(field(f, "type")));
            return field(welcome, "key");
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
