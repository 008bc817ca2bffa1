package io.chatservice.ws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;

/**
 * Which client frame types a channel takes, and what handles each: one entry per type, so adding a frame type is one
 * line, and the refusal of an unknown type names exactly the types the channel takes.
 */
public final class FrameTable {

    /** What one frame type does. Runs on the connection's event loop: never blocks. */
    @FunctionalInterface
    public interface Handling {
        CompletionStage<Void> handle(ChatSession session, InboundMessage message, long receivedAt)
                throws ProtocolException;
    }

    private final String channel;
    private final Map<String, Handling> byType;
    private final String unknown;

    private FrameTable(String channel, Map<String, Handling> byType) {
        this.channel = channel;
        this.byType = byType;
        String types = byType.keySet().stream().map(type -> "'" + type + "'").collect(Collectors.joining(", "));
        this.unknown = "type must be one of " + types + " on a " + channel + " connection";
    }

    public static Builder of(String channel) {
        return new Builder(channel);
    }

    /** This table and then {@code more}'s entries (which may not repeat a type). */
    public FrameTable with(FrameTable more) {
        Builder builder = new Builder(channel);
        byType.forEach(builder::on);
        more.byType.forEach(builder::on);
        return builder.build();
    }

    public CompletionStage<Void> dispatch(ChatSession session, InboundMessage message, long receivedAt)
            throws ProtocolException {
        Handling handling = byType.get(message.typeOrDefault());
        if (handling == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, unknown);
        }
        return handling.handle(session, message, receivedAt);
    }

    public static final class Builder {
        private final String channel;
        private final Map<String, Handling> byType = new LinkedHashMap<>();

        private Builder(String channel) {
            this.channel = channel;
        }

        public Builder on(String type, Handling handling) {
            if (byType.putIfAbsent(type, handling) != null) {
                throw new IllegalStateException("frame type '" + type + "' is handled twice on " + channel);
            }
            return this;
        }

        public FrameTable build() {
            return new FrameTable(channel, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byType)));
        }
    }
}
