package io.chatservice.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The one connection over which this node writes its shared state (presence, name holds, send budgets) and rebuilds
 * it, link {@value #LINK} in {@link RedisLinks}.
 * <p>
 * Why one connection, in order: the node keeps in memory what it has told Redis and, after a loss, replaces its
 * entries in Redis with that memory. That holds only if Redis applies the node's writes in the order its memory
 * changed: a leave that overtook its enter would leave the user in forever, and a write made before the rebuild's
 * snapshot (which has it already) must not land after the rebuild, where it would undo what came since (a user who
 * left and came back would be taken out). A pool would let them overtake each other. So a caller changes its memory
 * and queues its command under {@link #inOrder}, every command goes out from one event loop in the order queued
 * ({@link Context#runOnContext} always queues, first in first out), and a command queued for a connection that has
 * since been lost is never sent on the next one: the rebuild stands for it.
 * <p>
 * While the link is down, a command fails at once; one unanswered for {@code chat.cluster.command-timeout} fails
 * too, both with {@code UNAVAILABLE}, and the link, hung, is given up and replaced. A command of a connection given
 * up on may still reach Redis later: writes carry the node's epoch, which the rebuild on the next connection raises,
 * so that Redis ignores them ({@link PresenceScripts}). The link comes back by itself, with backoff and jitter.
 * <p>
 * Stages complete on this link's event loop, never blocking it; a caller continues on its own ({@code Stages.then}).
 * Scripts go as EVAL the first time on each connection, then as EVALSHA, falling back to EVAL when Redis has
 * forgotten them ({@code NOSCRIPT}: a script flush, or another shard of a Redis Cluster).
 */
@Singleton
@Typed(StateConnection.class)
public class StateConnection {

    public static final String LINK = "state";

    private static final Logger LOG = Logger.getLogger(StateConnection.class);
    private static final long OUT_OF_MEMORY_WARNING_EVERY_NANOS = 60_000_000_000L;
    private static final long FIRST_RETRY_MS = 50;
    private static final long LAST_RETRY_MS = 5_000;

    private final Redis redis;
    private volatile long lastOutOfMemoryWarning;
    private final Vertx vertx;
    private final RedisLinks links;
    private final long timeoutMs;
    private final Object order = new Object();
    private final List<Runnable> onConnected = new CopyOnWriteArrayList<>();
    /** Scripts sent as EVAL on the current connection; touched only on {@link #context}. */
    private final Set<Script> loaded = new HashSet<>();

    private volatile Context context;
    /** The connection now; written under {@link #order}, on {@link #context}. */
    private volatile RedisConnection connection;
    private volatile boolean closed;
    private int attempts;

    /**
     * @param redis an {@code Instance}, resolved only here: the Redis extension creates every client a bean injects
     *        directly at start-up, and without {@code quarkus.redis.hosts} (memory mode) that client is inactive and
     *        start-up would fail
     */
    @Inject
    public StateConnection(Instance<Redis> redis, Vertx vertx, RedisLinks links, ChatConfig config) {
        this(redis.get(), vertx, links, config.cluster().commandTimeout());
    }

    public StateConnection(Redis redis, Vertx vertx, RedisLinks links, Duration commandTimeout) {
        this.redis = redis;
        this.vertx = vertx;
        this.links = links;
        this.timeoutMs = Math.max(1, commandTimeout.toMillis());
    }

    @PostConstruct
    void init() {
        start();
    }

    /** Connects, and keeps connecting after every loss until {@link #close()}. Idempotent. */
    public synchronized void start() {
        if (context != null) {
            return;
        }
        Context current = vertx.getOrCreateContext();
        context = current.isEventLoopContext() ? current : ((VertxInternal) vertx).createEventLoopContext();
        links.starting(LINK);
        context.runOnContext(v -> connect());
    }

    @PreDestroy
    public void close() {
        closed = true;
        Context ctx = context;
        if (ctx != null) {
            ctx.runOnContext(v -> drop(connection, "closed"));
        }
    }

    public boolean isUp() {
        return connection != null;
    }

    /** The event loop that sends every command: timers that write run here. */
    Context context() {
        return context;
    }

    Vertx vertx() {
        return vertx;
    }

    /**
     * Runs on every (re)connection, under {@link #inOrder}, before any command queued after it; at once if the link
     * is up already. What it queues goes first on the new connection.
     */
    public void onConnected(Runnable action) {
        synchronized (order) {
            onConnected.add(action);
            if (connection != null) {
                action.run();
            }
        }
    }

    /** Changes to what this node has told Redis and the commands that tell it, made as one step: see the class doc. */
    public <T> T inOrder(Supplier<T> step) {
        synchronized (order) {
            return step.get();
        }
    }

    public void inOrder(Runnable step) {
        synchronized (order) {
            step.run();
        }
    }

    public CompletionStage<Response> send(Request request) {
        return queue(null, request, null);
    }

    /** Runs a script; {@code key} (whose hash tag picks the shard) is its only declared key. */
    public CompletionStage<Response> eval(Script script, String key, List<String> args) {
        Request sha = Request.cmd(Command.EVALSHA).arg(script.sha()).arg(1).arg(key);
        Request text = Request.cmd(Command.EVAL).arg(script.text()).arg(1).arg(key);
        for (String arg : args) {
            sha.arg(arg);
            text.arg(arg);
        }
        return queue(script, sha, text);
    }

    public CompletionStage<Response> eval(Script script, String key, Object... args) {
        List<String> strings = new ArrayList<>(args.length);
        for (Object arg : args) {
            strings.add(String.valueOf(arg));
        }
        return eval(script, key, strings);
    }

    private CompletionStage<Response> queue(Script script, Request request, Request fallback) {
        RedisConnection bound = connection;
        if (bound == null || closed) {
            return Unavailable.failed("no connection to Redis");
        }
        CompletableFuture<Response> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (connection != bound) {
                result.completeExceptionally(Unavailable.because("the connection to Redis was lost"));
                return;
            }
            long timer = vertx.setTimer(timeoutMs, t -> {
                result.completeExceptionally(Unavailable.because("Redis did not answer in time"));
                lost(bound, "no answer within " + timeoutMs + " ms");
            });
            boolean first = script != null && loaded.add(script);
            bound.send(first ? fallback : request).onComplete(ar -> {
                if (ar.failed() && script != null && isNoScript(ar.cause()) && connection == bound) {
                    bound.send(fallback).onComplete(retry -> answer(result, timer, retry.result(), retry.cause()));
                } else {
                    answer(result, timer, ar.result(), ar.cause());
                }
            });
        });
        return result;
    }

    /** What Redis said stays in the log: a client is told only to try again. */
    private void answer(CompletableFuture<Response> result, long timer, Response reply, Throwable cause) {
        vertx.cancelTimer(timer);
        if (cause != null) {
            if (isOutOfMemory(cause)) {
                warnOutOfMemory(cause);
            } else {
                LOG.debugf("Redis command failed: %s", cause.getMessage());
            }
            result.completeExceptionally(Unavailable.because("Redis did not carry out the command"));
        } else {
            result.complete(reply);
        }
    }

    private static boolean isOutOfMemory(Throwable cause) {
        return cause.getMessage() != null && cause.getMessage().startsWith("OOM");
    }

    /**
     * Redis at its {@code maxmemory} under {@code noeviction} refuses writes: the service answers UNAVAILABLE and
     * keeps running, and the operator is told, at most once a minute, that Redis needs more room (see docs/cluster.md).
     */
    private void warnOutOfMemory(Throwable cause) {
        long now = System.nanoTime();
        long last = lastOutOfMemoryWarning;
        if (last != 0 && now - last < OUT_OF_MEMORY_WARNING_EVERY_NANOS) {
            return;
        }
        lastOutOfMemoryWarning = now;
        LOG.warnf("Redis refuses writes at its maxmemory; messages are answered UNAVAILABLE until it has room: %s",
                cause.getMessage());
    }

    private static boolean isNoScript(Throwable cause) {
        return cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT");
    }

    private void connect() {
        if (closed) {
            return;
        }
        redis.connect().onComplete(ar -> {
            if (ar.failed()) {
                LOG.debugf("cannot connect to Redis: %s", ar.cause().getMessage());
                retry();
                return;
            }
            RedisConnection c = ar.result();
            if (closed) {
                c.close();
                return;
            }
            c.exceptionHandler(e -> context.runOnContext(v -> lost(c, e.getMessage())));
            c.endHandler(v -> context.runOnContext(x -> lost(c, "connection closed")));
            attempts = 0;
            loaded.clear();
            synchronized (order) {
                connection = c;
                onConnected.forEach(Runnable::run);
            }
            links.up(LINK);
            LOG.info("state link to Redis is up");
        });
    }

    private void lost(RedisConnection c, String why) {
        if (connection != c || closed) {
            return;
        }
        LOG.warnf("state link to Redis lost (%s); reconnecting", why);
        drop(c, why);
        retry();
    }

    /** On {@link #context}. */
    private void drop(RedisConnection c, String why) {
        if (c == null) {
            return;
        }
        synchronized (order) {
            if (connection == c) {
                connection = null;
            }
        }
        links.down(LINK);
        discard(c);
    }

    /**
     * Gives a connection up for good. {@code close()} on a pooled connection only hands it back to the pool, which
     * would hand a hung one out again; a pub/sub command marks it as changed ("tainted"), and then the pool closes its
     * socket instead (every shard's, on a Redis Cluster, where UNSUBSCRIBE goes to all).
     */
    private void discard(RedisConnection c) {
        AtomicBoolean once = new AtomicBoolean();
        Runnable close = () -> {
            if (once.compareAndSet(false, true)) {
                c.close().onFailure(e -> LOG.debugf("closing the state link: %s", e.getMessage()));
            }
        };
        vertx.setTimer(timeoutMs, t -> close.run());
        c.send(Request.cmd(Command.UNSUBSCRIBE)).onComplete(ar -> close.run());
    }

    /** Exponential backoff to {@value #LAST_RETRY_MS} ms, each wait drawn from its upper half so nodes spread out. */
    private void retry() {
        if (closed) {
            return;
        }
        long ceiling = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS << Math.min(attempts++, 10));
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        vertx.setTimer(delay, t -> context.runOnContext(v -> connect()));
    }
}
