package io.chatservice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The deadline on a channel of its own, set up the ways Vert.x sets up a connection, with a clock the test moves.
 * Plain JUnit; {@code RequestHeadTimeoutTest} does the same against the service.
 */
class HeadDeadlineTest {

    private static final long TIMEOUT_MS = 1000;

    @Test
    void connectionThatSendsNothingIsClosedAtTheDeadline() throws Exception {
        EmbeddedChannel channel = accepted(false);

        after(TIMEOUT_MS - 1, channel);
        assertTrue(channel.isOpen());
        after(1, channel);
        assertFalse(channel.isOpen());
    }

    @Test
    void headSentInPiecesIsClosedAtTheDeadlineHoweverSteady() throws Exception {
        EmbeddedChannel channel = accepted(false);

        for (int i = 0; i < 4 && channel.isOpen(); i++) {
            channel.writeInbound(ascii(i == 0 ? "GET / HTTP/1.1\r\n" : "X-Slow-" + i + ": " + i + "\r\n"));
            after(300, channel);
        }

        assertFalse(channel.isOpen());
    }

    @Test
    void keptAliveConnectionIsNotTimedBetweenRequestsButItsNextHeadIs() throws Exception {
        EmbeddedChannel channel = accepted(false);
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertNotNull(response(channel));

        after(60_000, channel);
        assertTrue(channel.isOpen(), "idle between requests");

        channel.writeInbound(ascii("GET / HTTP/1.1\r\n"));
        after(TIMEOUT_MS, channel);
        assertFalse(channel.isOpen(), "the next head took too long");
    }

    @Test
    void slowResponseIsNotTheClientsHead() throws Exception {
        EmbeddedChannel channel = accepted(false);
        channel.pipeline().get(Responder.class).answer = false;
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));

        after(10 * TIMEOUT_MS, channel);

        assertTrue(channel.isOpen());
    }

    @Test
    void upgradedConnectionKeepsNoDeadline() throws Exception {
        EmbeddedChannel channel = accepted(false);
        channel.pipeline().get(Responder.class).status = HttpResponseStatus.SWITCHING_PROTOCOLS;
        channel.writeInbound(ascii("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertNotNull(response(channel));

        assertNull(channel.pipeline().get(HeadDeadline.class));
        after(10 * TIMEOUT_MS, channel);
        assertTrue(channel.isOpen());
    }

    @Test
    void headIsTimedWhenTheCodecComesOnlyWithTheFirstBytes() throws Exception {
        EmbeddedChannel slow = accepted(true);
        slow.writeInbound(ascii("GET / HTTP/1.1\r\n"));
        after(TIMEOUT_MS, slow);
        assertFalse(slow.isOpen());

        EmbeddedChannel quick = accepted(true);
        quick.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertNotNull(response(quick));
        after(10 * TIMEOUT_MS, quick);
        assertTrue(quick.isOpen());
    }

    @Test
    void http2ConnectionIsLeftAlone() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channel.freezeTime();
        channel.pipeline().addFirst(HeadDeadline.NAME, HeadDeadline.accepted(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS)));
        channel.pipeline().addLast("handler", new ChannelInboundHandlerAdapter());
        channel.register();

        assertNull(channel.pipeline().get(HeadDeadline.class));
        after(10 * TIMEOUT_MS, channel);
        assertTrue(channel.isOpen());
    }

    /**
     * A connection as Vert.x sets it up: the HTTP/1 codec and its handler at registration, or (as with HTTP/2 clear
     * text on) only once the first bytes show that this is not HTTP/2.
     */
    private static EmbeddedChannel accepted(boolean codecOnFirstBytes) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channel.freezeTime();
        channel.pipeline().addFirst(HeadDeadline.NAME, HeadDeadline.accepted(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS)));
        channel.pipeline().addLast(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (codecOnFirstBytes) {
                    ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            http1(ctx.pipeline());
                            ctx.pipeline().remove(this);
                            ctx.fireChannelRead(msg);
                        }
                    });
                } else {
                    http1(ch.pipeline());
                }
            }
        });
        channel.register();
        return channel;
    }

    private static void http1(ChannelPipeline pipeline) {
        pipeline.addLast("httpDecoder", new HttpRequestDecoder());
        pipeline.addLast("httpEncoder", new HttpResponseEncoder());
        pipeline.addLast("handler", new Responder());
    }

    /** Answers each request when it has been read, at once (as a quick Vert.x route does), unless told not to. */
    static final class Responder extends ChannelInboundHandlerAdapter {
        boolean answer = true;
        HttpResponseStatus status = HttpResponseStatus.OK;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean end = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (end && answer) {
                DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
                response.headers().set("content-length", 0);
                ctx.writeAndFlush(response);
            }
        }
    }

    private static void after(long millis, EmbeddedChannel channel) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    private static String response(EmbeddedChannel channel) {
        ByteBuf bytes = channel.readOutbound();
        if (bytes == null) {
            return null;
        }
        String text = bytes.toString(StandardCharsets.US_ASCII);
        bytes.release();
        assertEquals("HTTP/1.1", text.substring(0, 8));
        return text;
    }
}
