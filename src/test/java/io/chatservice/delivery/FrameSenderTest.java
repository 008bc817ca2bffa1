package io.chatservice.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

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
    private final LocalFanout fanout = new LocalFanout(registry, new FrameSender(config(), new Evictions(mock(Event.class)), metrics),
            metrics);

    private static ChatConfig config() {
        ChatConfig config = mock(ChatConfig.class);
        ChatConfig.Delivery delivery = mock(ChatConfig.Delivery.class);
        when(config.delivery()).thenReturn(delivery);
        when(delivery.maxPendingFrames()).thenReturn(MAX_PENDING);
        return config;
    }

    private WebSocketConnection member(String user, Uni<Void> sendResult) {
        WebSocketConnection connection = mock(WebSocketConnection.class);
        when(connection.sendText(anyString())).thenReturn(sendResult);
        when(connection.close(any())).thenReturn(Uni.createFrom().voidItem());
        ChatSession session = new ChatSession(connection, user, Channel.GROUP);
        registry.joinRoom(session, "room", 20);
        return connection;
    }

    @Test
    void aFailingConnectionDoesNotStopDeliveryToTheOthers() {
        WebSocketConnection broken = member("broken", Uni.createFrom().failure(new IllegalStateException("reset")));
        WebSocketConnection healthy = member("healthy", Uni.createFrom().voidItem());

        fanout.deliver(new Envelope(Target.room("room"), "frame"));
        fanout.deliver(new Envelope(Target.room("room"), "frame"));

        verify(broken, times(2)).sendText("frame");
        verify(healthy, times(2)).sendText("frame");
    }

    @Test
    void aStalledReaderIsClosedOnceItsQueueIsFullAndTheOthersGoOn() {
        WebSocketConnection stalled = member("stalled", Uni.createFrom().nothing());
        WebSocketConnection healthy = member("healthy", Uni.createFrom().voidItem());

        for (int i = 0; i < MAX_PENDING + 2; i++) {
            fanout.deliver(new Envelope(Target.room("room"), "frame " + i));
        }

        verify(stalled, times(MAX_PENDING)).sendText(anyString());
        ArgumentCaptor<CloseReason> reason = ArgumentCaptor.forClass(CloseReason.class);
        verify(stalled).close(reason.capture());
        assertEquals(FrameSender.SLOW_CONSUMER, reason.getValue().getCode());
        verify(healthy, times(MAX_PENDING + 2)).sendText(anyString());
        verify(healthy, never()).close(any());
    }

    @Test
    void aClosedConnectionIsSkipped() {
        WebSocketConnection closed = member("closed", Uni.createFrom().voidItem());
        when(closed.isClosed()).thenReturn(true);

        fanout.deliver(new Envelope(Target.room("room"), "frame"));

        verify(closed, never()).sendText(anyString());
    }
}
