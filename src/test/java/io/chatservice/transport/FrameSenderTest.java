package io.chatservice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import io.chatservice.config.ChatConfig;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Target;
import io.chatservice.delivery.LocalFanout;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.Evictions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** Plain JUnit on in-memory sockets: what one connection does never holds up or fails the others. */
class FrameSenderTest {

    private static final int BUDGET = 1024;
    private static final String TEXT = "x".repeat(100);

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final ChatMetrics metrics = new ChatMetrics(new SimpleMeterRegistry(), registry);
    private final List<WebSocketConnection> connections = new ArrayList<>();

    /** A socket whose peer reads nothing: what is written stays in its write buffer. */
    static final class UnreadSocket extends EmbeddedChannel {
        @Override
        protected void doWrite(ChannelOutboundBuffer in) {
        }
    }

    private LocalFanout fanout(Duration stallTimeout) {
        ChatConfig config = mock(ChatConfig.class);
        ChatConfig.Delivery delivery = mock(ChatConfig.Delivery.class);
        when(config.delivery()).thenReturn(delivery);
        when(delivery.maxPendingBytes()).thenReturn(new MemorySize(java.math.BigInteger.valueOf(BUDGET)));
        when(delivery.stallTimeout()).thenReturn(stallTimeout);
        FrameSender sender = new FrameSender(config, new Evictions(mock(Event.class)), metrics);
        return new LocalFanout(registry, sender, metrics);
    }

    private WebSocketConnection member(String user, EmbeddedChannel socket) {
        socket.config().setWriteBufferWaterMark(new WriteBufferWaterMark(BUDGET / 2, BUDGET));
        WebSocketConnection connection = mock(WebSocketConnection.class);
        when(connection.close(any())).thenReturn(Uni.createFrom().voidItem());
        registry.joinRoom(new ChatSession(connection, socket, user, ChatChannel.GROUP, "127.0.0.1", new AtomicLong()), "room", 20);
        return connection;
    }

    private static void deliver(LocalFanout fanout, int frames) {
        for (int i = 0; i < frames; i++) {
            fanout.deliver(new Envelope(Target.room("room"), i + TEXT));
        }
    }

    /** The texts of the unmasked text frames a socket was given. */
    private static List<String> written(EmbeddedChannel socket) {
        List<String> texts = new ArrayList<>();
        for (ByteBuf frame; (frame = socket.readOutbound()) != null;) {
            assertEquals(0x81, frame.readUnsignedByte(), "FIN and text opcode");
            long length = frame.readUnsignedByte();
            if (length == 126) {
                length = frame.readUnsignedShort();
            } else if (length == 127) {
                length = frame.readLong();
            }
            assertEquals(length, frame.readableBytes(), "payload length");
            texts.add(frame.toString(StandardCharsets.UTF_8));
            frame.release();
        }
        return texts;
    }

    private static int closeCode(WebSocketConnection connection) {
        ArgumentCaptor<CloseReason> reason = ArgumentCaptor.forClass(CloseReason.class);
        verify(connection).close(reason.capture());
        return reason.getValue().getCode();
    }

    @Test
    void everyMemberGetsTheSameFrameOnTheWire() {
        LocalFanout fanout = fanout(Duration.ofSeconds(10));
        EmbeddedChannel alice = new EmbeddedChannel();
        EmbeddedChannel bob = new EmbeddedChannel();
        member("alice", alice);
        member("bob", bob);

        fanout.deliver(new Envelope(Target.room("room"), "{\"info\":\"你好\"}"));

        assertEquals(List.of("{\"info\":\"你好\"}"), written(alice));
        assertEquals(List.of("{\"info\":\"你好\"}"), written(bob));
    }

    /** 7-bit, 16-bit and 64-bit payload lengths: a presence list of many users passes 64 KiB. */
    @ParameterizedTest
    @ValueSource(ints = { 125, 4000, 70_000 })
    void aFrameOfAnySizeCarriesItsLength(int size) {
        LocalFanout fanout = fanout(Duration.ofSeconds(10));
        EmbeddedChannel alice = new EmbeddedChannel();
        member("alice", alice);
        String text = "y".repeat(size);

        fanout.deliver(new Envelope(Target.room("room"), text));

        assertEquals(List.of(text), written(alice));
    }

    @Test
    void aClosedSocketDoesNotStopDeliveryToTheOthers() {
        LocalFanout fanout = fanout(Duration.ofSeconds(10));
        EmbeddedChannel broken = new EmbeddedChannel();
        EmbeddedChannel healthy = new EmbeddedChannel();
        member("broken", broken);
        member("healthy", healthy);
        broken.close();

        deliver(fanout, 2);

        assertNull(broken.readOutbound());
        assertEquals(2, written(healthy).size());
    }

    @Test
    void aReaderThatStoppedReadingIsClosedOnceAndTheOthersGoOn() {
        LocalFanout fanout = fanout(Duration.ZERO);
        WebSocketConnection stalled = member("stalled", new UnreadSocket());
        EmbeddedChannel healthy = new EmbeddedChannel();
        WebSocketConnection healthyConnection = member("healthy", healthy);

        deliver(fanout, 30);

        assertEquals(CloseCodes.SLOW_CONSUMER, closeCode(stalled));
        assertEquals(30, written(healthy).size());
        verify(healthyConnection, never()).close(any());
    }

    @Test
    void aReaderBehindInABurstIsNotClosedBeforeTheStallTimeout() {
        LocalFanout fanout = fanout(Duration.ofMinutes(1));
        WebSocketConnection behind = member("behind", new UnreadSocket());

        deliver(fanout, 30);

        verify(behind, never()).close(any());
    }

    @Test
    void anyReaderIsClosedAtTheHardLimit() {
        LocalFanout fanout = fanout(Duration.ofMinutes(1));
        UnreadSocket socket = new UnreadSocket();
        WebSocketConnection behind = member("behind", socket);

        deliver(fanout, FrameSender.HARD_LIMIT_FACTOR * BUDGET / TEXT.length() + 10);

        assertEquals(CloseCodes.SLOW_CONSUMER, closeCode(behind));
    }
}
