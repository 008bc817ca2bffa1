package io.chatservice.transport;

import org.jboss.logging.Logger;

import io.chatservice.protocol.CloseReasons;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What RFC 6455 asks of a server and Vert.x 4.5 leaves out, on the frames of one upgraded connection, between
 * Netty's frame decoder and Vert.x:
 * <ul>
 * <li>text that is not UTF-8, within a frame or across the fragments of a message, fails the connection with 1007
 * (Vert.x never adds Netty's {@code Utf8FrameValidator}, and decodes such text with U+FFFD instead);</li>
 * <li>a frame with an RSV bit set fails it with 1002 (no extension is negotiated here; Vert.x lets Netty's decoder
 * accept RSV bits whenever its server offers any compression, see {@link NoPerFrameCompression});</li>
 * <li>every frame Netty's decoder refuses (unmasked, a control frame too long or fragmented, a reserved opcode, a
 * length that is not minimal or over {@code max-frame-size}) gets the close frame the decoder chose, 1002 or 1009:
 * Vert.x builds the decoder with {@code closeOnProtocolViolation(false)} and then drops the TCP connection without
 * one, which a client can only read as 1006.</li>
 * </ul>
 * After the close frame the failure goes on to Vert.x, which closes the socket and reports it to the endpoint's
 * {@code @OnError}.
 * <p>
 * It goes in before the handshake, just before Vert.x's handler, so that no frame passes unchecked. When the 101
 * answer goes out, it takes the place of Netty's frame encoder, which sits right behind the frame decoder, and encodes
 * as that encoder did: an idle connection holds no more than it did without the guard (a pipeline entry and an object
 * of the same size). Per text frame it costs one pass over the bytes, eight at a time while they are ASCII.
 */
@RegisterForReflection(methods = true, fields = false) // Netty looks up a handler's methods to skip the ones it lacks
public final class FrameGuard extends WebSocket13FrameEncoder implements ChannelInboundHandler {

    static final String NAME = "chat.frame-guard";
    /** Vert.x's own handler, the last in the pipeline; the guard first goes just before it. */
    private static final String VERTX_HANDLER = "handler";
    /** The name Netty's handshaker gives its frame encoder. */
    private static final String FRAME_ENCODER = "wsencoder";
    /** Not inside a text message. */
    private static final int NO_TEXT = -1;

    private static final Logger LOG = Logger.getLogger(FrameGuard.class);
    /**
     * Set once a close frame went out (Vert.x sends one itself, for a message over the size limit, while the socket
     * stays open for the peer's answer): nothing may follow it. An attribute, so that an open connection holds nothing
     * for it and asking costs a read of an empty array.
     */
    private static final AttributeKey<Boolean> CLOSE_SENT = AttributeKey.valueOf("chat.close-sent");

    /** Before the handshake's answer, in front of Vert.x's handler; after it, in the frame encoder's place. */
    private final boolean beforeHandshake;
    /** The UTF-8 state of the text message being received, or {@link #NO_TEXT}. */
    private int text = NO_TEXT;
    /** The connection has been failed: frames still decoded from what had already arrived are dropped. */
    private boolean failed;

    private FrameGuard(boolean beforeHandshake) {
        super(false); // a server's frames are not masked
        this.beforeHandshake = beforeHandshake;
    }

    /** Puts a guard into the pipeline of a connection that is about to be upgraded, once. */
    static void install(Channel socket) {
        ChannelPipeline pipeline = socket.pipeline();
        if (pipeline.get(NAME) == null) {
            pipeline.addBefore(VERTX_HANDLER, NAME, new FrameGuard(true));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame) {
            CorruptedWebSocketFrameException violation = failed ? null : check(frame);
            if (failed || violation != null) {
                frame.release();
                if (violation != null) {
                    fail(ctx, violation);
                }
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException refused && !failed) {
            fail(ctx, refused);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** Whether a close frame went out on the socket, so that no frame may follow. */
    public static boolean closeSent(Channel socket) {
        return socket.hasAttr(CLOSE_SENT);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof CloseWebSocketFrame) {
            ctx.channel().attr(CLOSE_SENT).set(Boolean.TRUE);
        }
        if (beforeHandshake && msg instanceof HttpResponse response) {
            ctx.write(msg, promise);
            ChannelPipeline pipeline = ctx.pipeline();
            boolean upgraded = response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
            if (!upgraded) {
                pipeline.remove(this); // refused: there will be no frames
            } else if (pipeline.get(FRAME_ENCODER) instanceof WebSocket13FrameEncoder) {
                FrameGuard encoder = new FrameGuard(false);
                encoder.text = text;
                encoder.failed = failed;
                pipeline.replace(FRAME_ENCODER, FRAME_ENCODER, encoder);
                pipeline.remove(this);
            } // else Netty's encoder is not where it was: this guard stays where it is
            return;
        }
        super.write(ctx, msg, promise);
    }

    private CorruptedWebSocketFrameException check(WebSocketFrame frame) {
        if (frame.rsv() != 0) {
            return violation(WebSocketCloseStatus.PROTOCOL_ERROR, "RSV bits set and no extension negotiated");
        }
        int state;
        if (frame instanceof TextWebSocketFrame) {
            state = Utf8Check.scan(frame.content(), Utf8Check.ACCEPT);
        } else if (frame instanceof ContinuationWebSocketFrame && text != NO_TEXT) {
            state = Utf8Check.scan(frame.content(), text);
        } else {
            return null; // binary, control, or a continuation of a binary message
        }
        boolean last = frame.isFinalFragment();
        text = last ? NO_TEXT : state;
        if (state == Utf8Check.REJECT || last && state != Utf8Check.ACCEPT) {
            return violation(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "text is not UTF-8");
        }
        return null;
    }

    /**
     * Sends the close frame the RFC asks for, encoded here (a frame written from this context would pass no encoder),
     * then passes the failure on, and closes the socket once the frame is out, past Vert.x, which would send a close
     * frame of its own.
     */
    private void fail(ChannelHandlerContext ctx, CorruptedWebSocketFrameException violation) {
        failed = true;
        WebSocketCloseStatus status = violation.closeStatus();
        LOG.debugf("failing %s with %d: %s", ctx.channel(), status.code(), violation.getMessage());
        String reason = violation.getMessage() == null ? status.reasonText() : violation.getMessage();
        ChannelPromise sent = ctx.newPromise();
        try {
            write(ctx, new CloseWebSocketFrame(status.code(), CloseReasons.fit(reason)), sent);
            ctx.flush();
        } catch (Exception e) {
            sent.tryFailure(e);
        }
        ctx.fireExceptionCaught(violation); // Vert.x tells the endpoint's @OnError and closes the socket
        sent.addListener(done -> ctx.close());
    }

    private static CorruptedWebSocketFrameException violation(WebSocketCloseStatus status, String reason) {
        return new CorruptedWebSocketFrameException(status, reason);
    }

    // The other inbound events pass on unchanged.

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) {
        ctx.fireChannelUnregistered();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ctx.fireChannelInactive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.fireChannelWritabilityChanged();
    }
}
