package io.chatservice.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One open connection of one user: its identity, the rooms it is in, and how many frames are queued to it.
 * The service keeps one per connection, so it stays small.
 */
public final class ChatSession {

    private final WebSocketConnection connection;
    private final String user;
    private final Channel channel;
    private final Context context;
    private final Thread eventLoop;
    /** Changed only by this connection's own callbacks, which WebSockets Next runs one at a time. */
    private final List<String> rooms = new ArrayList<>(1);
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private volatile boolean closing;
    /** {@link System#nanoTime()} when a frame to this connection was last written, or its backlog began. */
    private volatile long lastProgress = System.nanoTime();
    /** {@link System#nanoTime()} of the last frame or pong from the peer. */
    private volatile long lastSeen = System.nanoTime();

    public ChatSession(WebSocketConnection connection, String user, Channel channel) {
        this.connection = connection;
        this.user = user;
        this.channel = channel;
        // Opened on the event loop that owns the socket: writes from that thread need no hand-over.
        this.context = Vertx.currentContext();
        this.eventLoop = context != null && Context.isOnEventLoopThread() ? Thread.currentThread() : null;
    }

    /** The Vert.x context the connection was opened on, or null outside one (tests). */
    public Context context() {
        return context;
    }

    /** The event-loop thread that owns the connection's socket, or null if unknown. */
    public Thread eventLoop() {
        return eventLoop;
    }

    public WebSocketConnection connection() {
        return connection;
    }

    public String user() {
        return user;
    }

    public Channel channel() {
        return channel;
    }

    public synchronized List<String> rooms() {
        return List.copyOf(rooms);
    }

    public synchronized boolean inRoom(String room) {
        return rooms.contains(room);
    }

    synchronized int roomCount() {
        return rooms.size();
    }

    synchronized void addRoom(String room) {
        rooms.add(room);
    }

    synchronized boolean removeRoom(String room) {
        return rooms.remove(room);
    }

    /** A frame is queued to this connection; returns how many are queued now, this one included. */
    public int queue() {
        int pending = pendingFrames.incrementAndGet();
        if (pending == 1) {
            lastProgress = System.nanoTime(); // a backlog starts now
        }
        return pending;
    }

    /** A queued frame was written (the reader is taking them), or failed. */
    public void written() {
        lastProgress = System.nanoTime();
        pendingFrames.decrementAndGet();
    }

    public int pendingFrames() {
        return pendingFrames.get();
    }

    /**
     * More than {@code max} frames are queued and none has been written for {@code stallNanos}: the reader stopped
     * reading. A reader that is merely behind a busy service still sees its frames written, so it is not stalled.
     */
    public boolean isStalled(int max, long stallNanos, long now) {
        return pendingFrames.get() > max && now - lastProgress > stallNanos;
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
