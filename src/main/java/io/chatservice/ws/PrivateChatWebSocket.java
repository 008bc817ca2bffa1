package io.chatservice.ws;

import io.chatservice.protocol.ChatChannel;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.WebSocket;

/** The seed's private chat path. */
@WebSocket(path = "/privateChat/{username}", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class PrivateChatWebSocket extends ChatEndpoint {

    public PrivateChatWebSocket(ChatLifecycle lifecycle) {
        super(ChatChannel.PRIVATE, lifecycle);
    }
}
