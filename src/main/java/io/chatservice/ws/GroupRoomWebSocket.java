package io.chatservice.ws;

import io.chatservice.protocol.ChatChannel;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.WebSocket;

/** Group chat that opens in the room named in the path. */
@WebSocket(path = "/groupchat/{username}/{room}", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class GroupRoomWebSocket extends ChatEndpoint {

    public GroupRoomWebSocket(ChatLifecycle lifecycle) {
        super(ChatChannel.GROUP, lifecycle);
    }
}
