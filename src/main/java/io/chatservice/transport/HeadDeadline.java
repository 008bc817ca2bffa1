package io.chatservice.transport;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Closes an HTTP/1.x connection whose request head (request line and headers) is not complete in time: within the
 * head timeout of the connection's opening, and on a kept-alive connection within the head timeout of the first bytes
 * of each further request. Time between requests is not counted ({@code quarkus.http.idle-timeout} closes an idle
 * connection), nor the time a body or a response takes. A client that sends a head a header at a time (slowloris)
 * is therefore cut off however steadily it sends; Netty's decoder and Vert.x have no such limit, and their idle
 * timeout starts again with every byte.
 * <p>
 * It starts at the front of a newly accepted connection's pipeline and moves behind Vert.x's HTTP/1 codec as soon as
 * Vert.x has set that up (at once, or once it has seen the first bytes, the TLS handshake or the HTTP/2 preface
 * check), so it sees decoded requests and the responses on their way out. It leaves at the upgrade to a WebSocket
 * (101), so a WebSocket connection keeps nothing of it, and it leaves an HTTP/2 connection alone.
 */
@RegisterForReflection(methods = true, fields = false) // Netty looks up a handler's methods to skip the ones it lacks
final class HeadDeadline extends ChannelDuplexHandler {

    static final String NAME = "chat.head-deadline";
    /** Vert.x's names: its HTTP/1 response encoder, and its own handler at the end of the pipeline. */
    private static final String HTTP_ENCODER = "httpEncoder";
    private static final String VERTX_HANDLER = "handler";

    private static final Logger LOG = Logger.getLogger(HeadDeadline.class);

    private final long timeoutNanos;
    /** Behind the HTTP/1 codec; before that, in front of whatever Vert.x has put after it so far. */
    private final boolean behindCodec;
    /** Runs out at the deadline of the head being received; null while no head is being received. */
    private ScheduledFuture<?> timer;
    /** Requests whose head has arrived and whose response has not ended yet. */
    private int open;
    /** Something was decoded since the last read completed: the bytes read belonged to a request under way. */
    private boolean decoded;

    private HeadDeadline(long timeoutNanos, boolean behindCodec, ScheduledFuture<?> timer) {
        this.timeoutNanos = timeoutNanos;
        this.behindCodec = behindCodec;
        this.timer = timer;
    }

    /** For a connection just accepted: its clock starts when it is registered with its event loop. */
    static HeadDeadline accepted(long timeoutNanos) {
        return new HeadDeadline(timeoutNanos, false, null);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!behindCodec && timer == null) {
            arm(ctx.channel());
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (!behindCodec) {
            settle(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!behindCodec) {
            // Vert.x has just set up what follows from here: find the codec before the bytes reach it.
            settle(ctx);
        } else {
            decoded = true;
            if (msg instanceof HttpRequest) {
                open++;
                cancel();
            }
        }
        ctx.fireChannelRead(msg); // from this context, even if removed: on to the handler that followed it
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (behindCodec) {
            if (!decoded && open == 0 && timer == null) {
                arm(ctx.channel()); // bytes arrived and made no request yet: a new head has begun
            }
            decoded = false;
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (behindCodec) {
            if (msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise);
                if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                    ctx.pipeline().remove(this); // a WebSocket (or HTTP/2) from here on
                }
                return; // 100 Continue and 103 Early Hints come before the response itself
            }
            if (msg instanceof LastHttpContent && open > 0) {
                open--;
            }
        }
        ctx.write(msg, promise);
    }

    /** Moves behind the HTTP/1 codec once Vert.x has set it up; leaves if Vert.x chose HTTP/2. */
    private void settle(ChannelHandlerContext ctx) {
        ChannelPipeline pipeline = ctx.pipeline();
        if (pipeline.get(HTTP_ENCODER) != null) {
            HeadDeadline behind = handOver(true);
            pipeline.remove(this);
            pipeline.addAfter(HTTP_ENCODER, NAME, behind);
        } else if (pipeline.get(VERTX_HANDLER) != null) {
            pipeline.remove(this); // HTTP/2, which has no request head of this kind
        } else if (pipeline.last() != this) {
            HeadDeadline last = handOver(false);
            pipeline.remove(this);
            pipeline.addLast(NAME, last); // behind the TLS handshake or the HTTP/2 preface check, until they are done
        }
    }

    /** The same deadline in another place in the pipeline; this one lets go of the timer. */
    private HeadDeadline handOver(boolean toCodec) {
        HeadDeadline next = new HeadDeadline(timeoutNanos, toCodec, timer);
        timer = null;
        return next;
    }

    private void arm(Channel channel) {
        timer = channel.eventLoop().schedule(() -> expire(channel, timeoutNanos), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static void expire(Channel channel, long timeoutNanos) {
        LOG.debugf("closing %s: no complete request head within %d ms", channel, timeoutNanos / 1_000_000);
        channel.close();
    }
}
