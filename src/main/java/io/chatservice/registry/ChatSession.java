package io.chatservice.registry;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoop;
import io.quarkus.websockets.next.WebSocketConnection;

import io.chatservice.protocol.ChatChannel;

/**
 * One open connection of one user: its identity, its socket, the rooms it is in, and whether its reader keeps up.
 * The service keeps one per connection, so it stays small.
 */
public final class ChatSession {

    private static final String[] NO_ROOMS = new String[0];

    private final WebSocketConnection connection;
    private final io.netty.channel.Channel socket;
    /** Kept apart from the socket so that sorting a fan-out's recipients by loop reads one object each. */
    private final EventLoop eventLoop;
    /** What other threads handed the loop to write, which goes out before anything the loop writes itself. */
    private final io.chatservice.registry.Lane lane;
    private final String user;
    private final ChatChannel channel;
    /** The client's address, as counted against {@code chat.limits.max-connections-per-address}. */
    private final String address;
    /** The rate limit state that all connections of the user on this node share; set once admitted. */
    private AtomicLong userBudget;
    /** Who the connection is, beyond its name ({@code identity.Identity}); set once admitted. */
    private String identity;
    /** This connection's own rate limit state, and its refusals in a row: its callbacks run one at a time. */
    private long budget;
    private int refusedInARow;
    /**
     * Changed only by this connection's own callbacks, which WebSockets Next runs one at a time. An array replaced on
     * each change rather than a list: a connection is in one room or none, and a list would cost a second object and
     * 24 bytes more on every connection for the joins and leaves that are rare.
     */
    private String[] rooms = NO_ROOMS;
    /**
     * Whether a frame of this connection waits for an answer of the cluster, and what arrived meanwhile: touched only
     * on the connection's event loop ({@code ws.InOrder}). Null until something has had to wait.
     */
    private boolean waiting;
    private ArrayDeque<Runnable> queued;
    /** The names whose presence the connection hears (private connections): null until it watches some. */
    private Watched watched;
    /** Whether the client asked for typing notices ({@code ?typing=true}); read by every fan-out of one. */
    private final boolean hearsTyping;
    /** Whether frames may skip Netty's pipeline (a plain TCP socket on epoll); decided once, read by every frame. */
    private final boolean sendsDirect;
    /** When this connection last sent a typing notice to each target; event loop only, null until it types. */
    private TypingMarks typingMarks;
    /** While a history run is sent, or just after it: see {@code delivery.Catchup}. Event loop only; mostly null. */
    private io.chatservice.registry.Catchup catchup;
    private volatile boolean closing;
    /** {@link System#nanoTime()} when the socket was first seen over its write budget, or 0 while it is not. */
    private volatile long backlogSince;
    /** {@link System#nanoTime()} of the last frame or pong from the peer. */
    private volatile long lastSeen = System.nanoTime();

    /** @param socket the connection's TCP socket, to which frames are written as they go on the wire */
    public ChatSession(WebSocketConnection connection, io.netty.channel.Channel socket, String user,
            ChatChannel channel, String address, AtomicLong userBudget) {
        this(connection, socket, user, channel, address, userBudget, false);
    }

    /** @param hearsTyping whether the client asked for typing notices */
    public ChatSession(WebSocketConnection connection, io.netty.channel.Channel socket, String user,
            ChatChannel channel, String address, AtomicLong userBudget, boolean hearsTyping) {
        this(connection, socket, user, channel, address, userBudget, hearsTyping, false);
    }

    /** @param sendsDirect whether frames may be sent straight to the socket ({@code transport.DirectSend}) */
    public ChatSession(WebSocketConnection connection, io.netty.channel.Channel socket, String user,
            ChatChannel channel, String address, AtomicLong userBudget, boolean hearsTyping, boolean sendsDirect) {
        this.hearsTyping = hearsTyping;
        this.sendsDirect = sendsDirect;
        this.connection = connection;
        this.socket = socket;
        this.eventLoop = socket.eventLoop();
        this.lane = io.chatservice.registry.Lane.of(eventLoop);
        this.user = user;
        this.channel = channel;
        this.address = address;
        this.userBudget = userBudget;
        this.budget = System.nanoTime();
    }

    /** On the connection's event loop only. */
    public io.chatservice.registry.Catchup catchup() {
        return catchup;
    }

    /** On the connection's event loop only; null ends it. */
    public void catchup(io.chatservice.registry.Catchup catchup) {
        this.catchup = catchup;
    }

    /** Whom the connection watches; on its event loop only. Empty until it watches someone. */
    public Watched watched() {
        if (watched == null) {
            watched = new Watched();
        }
        return watched;
    }

    /** Whether frames may be sent straight to the socket when nothing waits in its write buffer. */
    public boolean sendsDirect() {
        return sendsDirect;
    }

    /** Whether the client asked for typing notices: others' notices reach it only then. */
    public boolean hearsTyping() {
        return hearsTyping;
    }

    /** When the connection last sent a typing notice to each target; on its event loop only. */
    public TypingMarks typingMarks() {
        if (typingMarks == null) {
            typingMarks = new TypingMarks();
        }
        return typingMarks;
    }

    /** Whether the connection watches anyone, without making it a list. */
    boolean watches() {
        return watched != null && watched.size() > 0;
    }

    public String address() {
        return address;
    }

    public AtomicLong userBudget() {
        return userBudget;
    }

    /** Whether the connection's name is proven; until then its frames wait. */
    public boolean isAdmitted() {
        return userBudget != null;
    }

    /**
     * The connection was admitted under its name, whose budget on this node it shares, as the identity its proof
     * stands for: its private history and mailbox are that identity's.
     */
    public void admitted(AtomicLong userBudget, String identity) {
        this.identity = identity;
        this.userBudget = userBudget;
    }

    /** The identity the connection was admitted as ({@code identity.Identity}); null until then. */
    public String identity() {
        return identity;
    }

    public boolean isWaiting() {
        return waiting;
    }

    public void waiting(boolean waiting) {
        this.waiting = waiting;
    }

    /** @return false if {@code max} steps wait already */
    public boolean queue(Runnable step, int max) {
        if (queued == null) {
            queued = new ArrayDeque<>(4);
        }
        if (queued.size() >= max) {
            return false;
        }
        queued.add(step);
        return true;
    }

    /** The next step that waited, or null; the queue goes when it empties, so an idle session keeps none. */
    public Runnable nextQueued() {
        if (queued == null) {
            return null;
        }
        Runnable next = queued.poll();
        if (next == null) {
            queued = null;
        }
        return next;
    }

    public long budget() {
        return budget;
    }

    public void budget(long budget) {
        this.budget = budget;
    }

    /** @return how many frames in a row have now been refused */
    public int refused() {
        return ++refusedInARow;
    }

    public void accepted() {
        refusedInARow = 0;
    }

    public io.netty.channel.Channel socket() {
        return socket;
    }

    /** The one thread that writes to the socket; writes from any other would be handed to it one task each. */
    public EventLoop eventLoop() {
        return eventLoop;
    }

    /** The loop's writes in the order they were asked for: see {@code delivery.OnEventLoops}. */
    public io.chatservice.registry.Lane lane() {
        return lane;
    }

    public WebSocketConnection connection() {
        return connection;
    }

    public String user() {
        return user;
    }

    public ChatChannel channel() {
        return channel;
    }

    public synchronized List<String> rooms() {
        return List.of(rooms);
    }

    public synchronized boolean inRoom(String room) {
        return indexOf(room) >= 0;
    }

    synchronized int roomCount() {
        return rooms.length;
    }

    synchronized void addRoom(String room) {
        String[] next = Arrays.copyOf(rooms, rooms.length + 1);
        next[rooms.length] = room;
        rooms = next;
    }

    synchronized boolean removeRoom(String room) {
        int at = indexOf(room);
        if (at < 0) {
            return false;
        }
        if (rooms.length == 1) {
            rooms = NO_ROOMS;
            return true;
        }
        String[] next = new String[rooms.length - 1];
        System.arraycopy(rooms, 0, next, 0, at);
        System.arraycopy(rooms, at + 1, next, at, next.length - at);
        rooms = next;
        return true;
    }

    private int indexOf(String room) {
        for (int i = 0; i < rooms.length; i++) {
            if (rooms[i].equals(room)) {
                return i;
            }
        }
        return -1;
    }

    /** The socket is over its write budget now; returns for how long it has been, in nanoseconds. */
    public long overBudgetFor(long now) {
        long since = backlogSince;
        if (since == 0) {
            backlogSince = now == 0 ? 1 : now; // 0 means "not over budget"
            return 0;
        }
        return now - since;
    }

    /** The socket is within its write budget now: a reader that was behind has caught up. */
    public void caughtUp() {
        if (backlogSince != 0) {
            backlogSince = 0;
        }
    }

    /**
     * Marks the connection as being closed by the service; true only for the first caller. Synchronized because a
     * fan-out on one event loop and the sweeper on another may give up on the same connection at once.
     */
    public synchronized boolean markClosing() {
        if (closing) {
            return false;
        }
        closing = true;
        return true;
    }

    public boolean isClosing() {
        return closing;
    }

    /** The peer sent something: a frame, or a pong to the server's ping. */
    public void seen() {
        lastSeen = System.nanoTime();
    }

    public long lastSeen() {
        return lastSeen;
    }

    @Override
    public String toString() {
        return channel + ":" + user + "@" + connection.id();
    }
}
