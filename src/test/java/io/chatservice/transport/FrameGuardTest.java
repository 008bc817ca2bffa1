package io.chatservice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The guard on a channel of its own, laid out as Vert.x's is once Netty's handshaker has added its frame encoder:
 * where it sits, what passes, what fails the connection and with which close frame. Plain JUnit;
 * {@code WireAbuseTest} sends the same over a real socket.
 */
class FrameGuardTest {

    private EmbeddedChannel channel;
    /** Stands in for Vert.x's handler: what reached it. */
    private final List<Object> delivered = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    @BeforeEach
    void pipeline() {
        channel = new EmbeddedChannel();
        channel.pipeline().addLast("wsencoder", new WebSocket13FrameEncoder(false));
        channel.pipeline().addLast("handler", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                delivered.add(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failures.add(cause);
                ctx.close(); // as Vert.x's handler does
            }
        });
        FrameGuard.install(channel);
        FrameGuard.install(channel); // once only
    }

    @Test
    void atTheHandshakeTheGuardTakesTheFrameEncodersPlaceAndEncodesAsItDid() {
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);

        assertNull(channel.pipeline().get(FrameGuard.NAME));
        assertInstanceOf(FrameGuard.class, channel.pipeline().get("wsencoder"));
        channel.writeOutbound(text(true, "héllo"));
        ByteBuf sent = channel.readOutbound();
        EmbeddedChannel netty = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        netty.writeOutbound(text(true, "héllo"));
        ByteBuf expected = netty.readOutbound();
        assertTrue(ByteBufUtil.equals(expected, sent));
        sent.release();
        expected.release();
    }

    @Test
    void aCloseFrameGoingOutMarksTheSocketSoThatNothingFollowsIt() {
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);
        channel.writeOutbound(text(true, "before"));
        assertFalse(FrameGuard.closeSent(channel), "a text frame is no close");

        channel.writeOutbound(new CloseWebSocketFrame(1009, "too big"));

        assertTrue(FrameGuard.closeSent(channel));
        for (Object sent; (sent = channel.readOutbound()) != null;) {
            ((ByteBuf) sent).release();
        }
    }

    @Test
    void refusedUpgradeLeavesNoGuard() {
        answer(HttpResponseStatus.FORBIDDEN);

        assertNull(channel.pipeline().get(FrameGuard.NAME));
        assertInstanceOf(WebSocket13FrameEncoder.class, channel.pipeline().get("wsencoder"));
        assertFalse(channel.pipeline().get("wsencoder") instanceof FrameGuard);
    }

    @Test
    void frameBeforeTheHandshakesAnswerIsCheckedToo() {
        channel.writeInbound(new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] { (byte) 0xFF })));

        assertTrue(delivered.isEmpty());
        assertClosedWith(1007);
    }

    @Test
    void textPassesUnchanged() {
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);

        channel.writeInbound(text(true, "héllo 中文 😀"));

        assertEquals("héllo 中文 😀", ((TextWebSocketFrame) delivered.get(0)).text());
        assertNull(channel.readOutbound());
    }

    @Test
    void characterSplitOverFragmentsWithAPingBetweenPasses() {
        byte[] zhong = "中".getBytes(StandardCharsets.UTF_8);
        channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(zhong, 0, 1)));
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS); // the state moves with the guard

        channel.writeInbound(new PingWebSocketFrame());
        channel.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(zhong, 1, 1)));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(zhong, 2, 1)));

        assertEquals(4, delivered.size());
        assertTrue(failures.isEmpty());
    }

    @Test
    void badByteInALaterFragmentFailsWith1007AndLaterFramesAreDropped() {
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);
        channel.writeInbound(text(false, "caf"));

        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] { (byte) 0xC3, 0x28 })));
        channel.pipeline().fireChannelRead(text(true, "decoded from the same read, after the failure"));

        assertEquals(1, delivered.size());
        assertClosedWith(1007);
        assertEquals(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                assertInstanceOf(CorruptedWebSocketFrameException.class, failures.get(0)).closeStatus());
    }

    @Test
    void messageEndingInsideACharacterFailsWith1007() {
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);

        channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] { 'a', (byte) 0xE4 })));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] { (byte) 0xB8 })));

        assertClosedWith(1007);
    }

    @Test
    void rsvBitFailsWith1002() {
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);

        channel.writeInbound(new TextWebSocketFrame(true, 4, Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)));

        assertTrue(delivered.isEmpty());
        assertClosedWith(1002);
    }

    @Test
    void binaryIsNotCheckedAsText() {
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);

        channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] { (byte) 0xFF })));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] { (byte) 0xC0 })));

        assertEquals(2, delivered.size());
        assertNull(channel.readOutbound());
    }

    @Test
    void frameTheDecoderRefusedGetsTheDecodersCloseCode() {
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);

        channel.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                "Max frame length of 65536 has been exceeded."));

        assertClosedWith(1009);
        assertEquals(1, failures.size(), "Vert.x hears of it");
    }

    @Test
    void secondFailureSendsNoSecondCloseFrame() {
        answer(HttpResponseStatus.SWITCHING_PROTOCOLS);

        channel.writeInbound(new TextWebSocketFrame(true, 1, Unpooled.EMPTY_BUFFER));
        channel.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                "the decoder, on the bytes that followed"));

        assertClosedWith(1002);
    }

    /** The answer to the upgrade request goes out through the pipeline, as Netty's handshaker sends it. */
    private void answer(HttpResponseStatus status) {
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status));
        ((DefaultFullHttpResponse) channel.readOutbound()).release();
    }

    /** One close frame with this code went out, and nothing after it; the connection is closed. */
    private void assertClosedWith(int code) {
        ByteBuf out = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null;) {
            out.writeBytes(part);
            part.release();
        }
        assertEquals(0x88, out.readUnsignedByte(), "a final close frame");
        int length = out.readUnsignedByte();
        assertEquals(code, out.readUnsignedShort());
        assertTrue(length > 2, "with a reason");
        out.skipBytes(length - 2);
        assertFalse(out.isReadable(), "nothing after the close frame");
        assertFalse(channel.isOpen());
    }

    private static WebSocketFrame text(boolean last, String text) {
        return new TextWebSocketFrame(last, 0, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }
}
