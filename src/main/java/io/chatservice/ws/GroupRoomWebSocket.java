package io.chatservice.ws;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.WebSocket;

/** Group chat that opens in the room named in the path. */
@WebSocket(path = "/groupchat/{username}/{room}", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class GroupRoomWebSocket extends ChatEndpoint {

    public GroupRoomWebSocket(GroupChat chat, Sessions sessions) {
        super(chat, sessions);
    }
}
