package io.chatservice.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.client.Member;
import io.chatservice.bench.server.JvmHeap;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/**
 * History in memory: the service's live heap per retained message. One user holds one connection in each of
 * {@code rooms} rooms ({@code /groupchat/hist/r<i>}, its further connections presenting the name's key) and one in a
 * warm-up room. The warm-up room gets {@code messagesPerRoom} messages first, so that whatever the service sets up
 * on its first messages (and the warm-up room's own history) is in both measurements. Then: the live heap after a
 * full GC ({@link JvmHeap#liveObjectsKiB}: the objects, not the space the JVM's threads claim right after the
 * collection, which moves by a MiB or so from one reading to the next); {@code messagesPerRoom} messages of
 * {@code textChars} characters of mixed ASCII and CJK text into each room, round robin, at most {@link #IN_FLIGHT}
 * unanswered at once, until the sender has received its own every message in every room; the live heap after a
 * full GC again. Heap per retained message is the difference over {@code rooms × messagesPerRoom}: with
 * {@code messagesPerRoom} at {@code chat.history.size} (500 by default) every room's history is exactly full, and a
 * variant that keeps less ({@code -Dchat.history.size=0}) shows what it keeps per message sent. How many messages
 * the rooms' histories hold is read back over REST ({@code GET /api/rooms/{room}/messages}), as a check.
 * <p>
 * Only the service and its variants keep history: the peers are not measured.
 */
public final class History {

    public record Config(int rooms, int messagesPerRoom, int textChars) {
    }

    /**
     * @param echoed the sender's own messages that came back to it, over all rooms
     * @param kept the messages the rooms' histories hold, paged back over REST; -1 if the service did not tell
     */
    public record HistoryFigures(String server, int rooms, int messagesPerRoom, int textChars, long echoed, long kept,
            long heapBeforeKiB, long heapAfterKiB) {

        public long sent() {
            return (long) rooms * messagesPerRoom;
        }

        /** Live heap per message sent (and, with a full history, retained), in bytes. */
        public double bytesPerMessage() {
            return sent() == 0 || heapBeforeKiB < 0 || heapAfterKiB < 0 ? Double.NaN
                    : (heapAfterKiB - heapBeforeKiB) * 1024.0 / sent();
        }

        public String line() {
            return String.format(Locale.ROOT,
                    "%-22s %-8s echoed %6d/%6d  kept %6s  heap %7.1f MiB -> %7.1f MiB (%+8d KiB)  %7.1f B/message",
                    "history-" + rooms + "x" + messagesPerRoom, server, echoed, sent(),
                    kept < 0 ? "n/a" : Long.toString(kept), heapBeforeKiB / 1024.0, heapAfterKiB / 1024.0,
                    heapAfterKiB - heapBeforeKiB, bytesPerMessage());
        }
    }

    /** Messages sent and not yet back at the sender, at most: enough to keep the service busy, not a flood. */
    private static final int IN_FLIGHT = 256;
    private static final int ECHO_TIMEOUT_SECONDS = 30;
    private static final String USER = "hist";
    /** A chat line's worth of mixed text, repeated and cut to length: every character in the BMP, nothing to escape. */
    private static final String FILLER = "大家好, the deploy is green again. 今天下午三点开会, bring the numbers 请准时到! "
            + "Thanks, see you 明天见. 房间的历史记录 works fine on my side ";
    private static final Pattern OFFSET = Pattern.compile("\"offset\":(\\d+)");
    private static final int PAGE = 100;

    private final Env env;

    public History(Env env) {
        this.env = env;
    }

    public HistoryFigures run(ServerSpec spec, Config config) throws IOException, InterruptedException {
        int rooms = config.rooms();
        int perRoom = config.messagesPerRoom();
        try (LoadClient client = new LoadClient(1, Env.loopback());
                ServerProcess server = env.start(spec, ServerSpec.Channel.GROUP, client, "history")) {
            // Connection i is in room r<i>; the last one is in the warm-up room.
            List<Member> members = client.connect(Env.HOST, server.port(), rooms + 1, i -> USER,
                    i -> "/groupchat/" + USER + "/" + (i < rooms ? room(i) : "warmup"), spec.keyedNames(), 120);
            if (members.size() < rooms + 1) {
                throw new IOException("history " + spec.name() + ": only " + members.size() + " of " + (rooms + 1)
                        + " connections opened");
            }
            client.awaitQuiet(1000, 60_000);
            AtomicIntegerArray echoes = new AtomicIntegerArray(rooms + 1);
            Semaphore window = new Semaphore(IN_FLIGHT);
            client.onArrival((at, pair, sendNanos) -> {
                echoes.incrementAndGet(at.index());
                window.release();
            });

            send(members, List.of(rooms), perRoom, config.textChars(), window, echoes);
            client.awaitQuiet(1000, 10_000);
            Thread.sleep(1000);
            long heapBefore = JvmHeap.liveObjectsKiB(server.pid());

            send(members, roomIndices(rooms), perRoom, config.textChars(), window, echoes);
            client.awaitQuiet(1000, 10_000);
            Thread.sleep(1000);
            long heapAfter = JvmHeap.liveObjectsKiB(server.pid());

            long echoed = 0;
            for (int i = 0; i < rooms; i++) {
                echoed += echoes.get(i);
            }
            return new HistoryFigures(spec.name(), rooms, perRoom, config.textChars(), echoed, kept(server, rooms),
                    heapBefore, heapAfter);
        }
    }

    private static String room(int i) {
        return "r" + i;
    }

    private static List<Integer> roomIndices(int rooms) {
        return IntStream.range(0, rooms).boxed().toList();
    }

    /**
     * Sends {@code perRoom} messages into each of {@code indices}' rooms, round robin, and waits until the sender has
     * received its own last one in each.
     */
    private static void send(List<Member> members, List<Integer> indices, int perRoom, int textChars,
            Semaphore window, AtomicIntegerArray echoes) throws IOException, InterruptedException {
        int[] target = new int[echoes.length()];
        for (int i : indices) {
            target[i] = echoes.get(i) + perRoom;
        }
        for (int seq = 0; seq < perRoom; seq++) {
            for (int i : indices) {
                if (!window.tryAcquire(ECHO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("history: no message came back to its sender for " + ECHO_TIMEOUT_SECONDS
                            + " s");
                }
                members.get(i).send(message(i, textChars));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ECHO_TIMEOUT_SECONDS);
        for (int i : indices) {
            while (echoes.get(i) < target[i]) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("history: room " + i + " echoed " + echoes.get(i) + " of " + target[i]
                            + " messages within " + ECHO_TIMEOUT_SECONDS + " s");
                }
                Thread.sleep(10);
            }
        }
    }

    /**
     * A message of exactly {@code chars} characters: the benchmark's mark ({@code B<send nanos>.<room>}, which the
     * client finds in the echo), a space, and mixed text.
     */
    static String message(int room, int chars) {
        StringBuilder text = new StringBuilder(chars).append('B').append(System.nanoTime()).append('.').append(room)
                .append(' ');
        while (text.length() < chars) {
            text.append(FILLER, 0, Math.min(FILLER.length(), chars - text.length()));
        }
        text.setLength(chars);
        return "{\"info\":\"" + text + "\"}";
    }

    /** The messages the rooms' histories hold, paged back from the newest; -1 if a page was refused. */
    private static long kept(ServerProcess server, int rooms) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long kept = 0;
        try {
            for (int i = 0; i < rooms; i++) {
                String before = "";
                while (true) {
                    URI uri = URI.create("http://" + Env.HOST + ":" + server.port() + "/api/rooms/" + room(i)
                            + "/messages?limit=" + PAGE + before);
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (page.statusCode() != 200) {
                        return -1;
                    }
                    Matcher m = OFFSET.matcher(page.body());
                    long oldest = Long.MAX_VALUE;
                    int count = 0;
                    while (m.find()) {
                        oldest = Math.min(oldest, Long.parseLong(m.group(1)));
                        count++;
                    }
                    kept += count;
                    if (count == 0 || oldest <= 1) {
                        break;
                    }
                    before = "&before=" + oldest;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return kept;
    }
}
