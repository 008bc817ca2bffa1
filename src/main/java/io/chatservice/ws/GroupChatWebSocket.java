package io.chatservice.ws;

import io.chatservice.protocol.ChatChannel;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.WebSocket;

/** The seed's group chat path: the connection opens in the default room. */
@WebSocket(path = "/groupchat/{username}", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class GroupChatWebSocket extends ChatEndpoint {

    public GroupChatWebSocket(ChatLifecycle lifecycle) {
        super(ChatChannel.GROUP, lifecycle);
    }
}
