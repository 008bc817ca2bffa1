package io.chatservice.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;

import jakarta.enterprise.event.Event;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.chatservice.config.ChatConfig;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.registry.Channel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.Evictions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** Plain JUnit with stand-in connections: what one connection does never holds up or fails the others. */
class FrameSenderTest {

    private static final int MAX_PENDING = 3;

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final ChatMetrics metrics = new ChatMetrics(new SimpleMeterRegistry(), registry);

    private LocalFanout fanout(Duration stallTimeout) {
        ChatConfig config = mock(ChatConfig.class);
        ChatConfig.Delivery delivery = mock(ChatConfig.Delivery.class);
        when(config.delivery()).thenReturn(delivery);
        when(delivery.maxPendingFrames()).thenReturn(MAX_PENDING);
        when(delivery.stallTimeout()).thenReturn(stallTimeout);
        FrameSender sender = new FrameSender(config, new Evictions(mock(Event.class)), metrics);
        return new LocalFanout(registry, sender, metrics);
    }

    private WebSocketConnection member(String user, Uni<Void> sendResult) {
        WebSocketConnection connection = mock(WebSocketConnection.class);
        when(connection.sendText(anyString())).thenReturn(sendResult);
        when(connection.close(any())).thenReturn(Uni.createFrom().voidItem());
        ChatSession session = new ChatSession(connection, user, Channel.GROUP);
        registry.joinRoom(session, "room", 20);
        return connection;
    }

    private static void deliver(LocalFanout fanout, int frames) {
        for (int i = 0; i < frames; i++) {
            fanout.deliver(new Envelope(Target.room("room"), "frame " + i));
        }
    }

    @Test
    void aFailingConnectionDoesNotStopDeliveryToTheOthers() {
        LocalFanout fanout = fanout(Duration.ofSeconds(10));
        WebSocketConnection broken = member("broken", Uni.createFrom().failure(new IllegalStateException("reset")));
        WebSocketConnection healthy = member("healthy", Uni.createFrom().voidItem());

        deliver(fanout, 2);

        verify(broken, times(2)).sendText(anyString());
        verify(healthy, times(2)).sendText(anyString());
    }

    @Test
    void aReaderThatStoppedReadingIsClosedOnceAndTheOthersGoOn() {
        LocalFanout fanout = fanout(Duration.ZERO);
        WebSocketConnection stalled = member("stalled", Uni.createFrom().nothing());
        WebSocketConnection healthy = member("healthy", Uni.createFrom().voidItem());

        deliver(fanout, MAX_PENDING + 2);

        verify(stalled, times(MAX_PENDING)).sendText(anyString());
        ArgumentCaptor<CloseReason> reason = ArgumentCaptor.forClass(CloseReason.class);
        verify(stalled).close(reason.capture());
        assertEquals(FrameSender.SLOW_CONSUMER, reason.getValue().getCode());
        verify(healthy, times(MAX_PENDING + 2)).sendText(anyString());
        verify(healthy, never()).close(any());
    }

    @Test
    void aReaderBehindABusyServiceIsNotClosedBeforeItStalls() {
        LocalFanout fanout = fanout(Duration.ofMinutes(1));
        WebSocketConnection behind = member("behind", Uni.createFrom().nothing());

        deliver(fanout, MAX_PENDING * 4);

        verify(behind, times(MAX_PENDING * 4)).sendText(anyString());
        verify(behind, never()).close(any());
    }

    @Test
    void anyReaderIsClosedAtTheHardLimit() {
        LocalFanout fanout = fanout(Duration.ofMinutes(1));
        WebSocketConnection behind = member("behind", Uni.createFrom().nothing());

        deliver(fanout, MAX_PENDING * FrameSender.HARD_LIMIT_FACTOR + 5);

        verify(behind, times(MAX_PENDING * FrameSender.HARD_LIMIT_FACTOR)).sendText(anyString());
        verify(behind).close(any());
    }

    @Test
    void aClosedConnectionIsSkipped() {
        LocalFanout fanout = fanout(Duration.ofSeconds(10));
        WebSocketConnection closed = member("closed", Uni.createFrom().voidItem());
        when(closed.isClosed()).thenReturn(true);

        deliver(fanout, 1);

        verify(closed, never()).sendText(anyString());
    }
}
