package io.chatservice.memory;

import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import io.chatservice.cluster.ClusterNode;
import io.chatservice.config.ChatConfig;
import io.chatservice.contract.PresenceContract;
import io.chatservice.contract.RecordingEvents;
import io.chatservice.core.Presence;
import io.chatservice.core.Scope;
import io.chatservice.core.Stages;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Presence in the memory back end ({@code chat.broker=memory}), a view of this process's registry: each node of the
 * contract puts its connections in the one registry, as the endpoints do, and asks the presence about the first
 * and the last of a user only where the registry found them, so both nodes are this process.
 */
class MemoryPresenceTest extends PresenceContract {

    private ConnectionRegistry registry;
    private RecordingEvents events;
    private LocalPresence presence;
    private String id;

    @Override
    protected void startBackEnd() {
        registry = new ConnectionRegistry();
        events = new RecordingEvents();
        ChatConfig config = mock(ChatConfig.class, RETURNS_DEEP_STUBS);
        ClusterNode node = new ClusterNode(config);
        id = node.id();
        presence = new LocalPresence(registry, node, events);
    }

    @Override
    protected PresenceNode node(String name) {
        return new RegistryNode();
    }

    @Override
    protected List<String> told() {
        return List.copyOf(events.told);
    }

    @Override
    protected void stopBackEnd() {
    }

    /** The connections one node of the contract opened, by user and scope, as the endpoints keep them. */
    private final class RegistryNode implements PresenceNode {

        private final Map<String, Deque<ChatSession>> joined = new HashMap<>();
        private final Map<String, Deque<ChatSession>> opened = new HashMap<>();

        @Override
        public String id() {
            return id;
        }

        @Override
        public Presence presence() {
            return presence;
        }

        @Override
        public CompletionStage<Boolean> join(Scope scope, String user) {
            if (scope.isPrivateChannel()) {
                ChatSession session = session(user, ChatChannel.PRIVATE);
                joined.computeIfAbsent(key(scope, user), k -> new ArrayDeque<>()).push(session);
                return registry.joinPrivate(session) ? presence.entered(scope, user) : Stages.FALSE;
            }
            ChatSession session = session(user, ChatChannel.GROUP);
            joined.computeIfAbsent(key(scope, user), k -> new ArrayDeque<>()).push(session);
            return registry.joinRoom(session, scope.room(), 20).firstOfUser() ? presence.entered(scope, user)
                    : Stages.FALSE;
        }

        @Override
        public CompletionStage<Boolean> leave(Scope scope, String user) {
            ChatSession session = joined.get(key(scope, user)).pop();
            if (scope.isPrivateChannel()) {
                return registry.leavePrivate(session) ? presence.left(scope, user) : Stages.FALSE;
            }
            return registry.leaveRoom(session, scope.room()).lastOfUser() ? presence.left(scope, user) : Stages.FALSE;
        }

        @Override
        public void connected(String user) {
            ChatSession session = session(user, ChatChannel.GROUP);
            opened.computeIfAbsent(user, k -> new ArrayDeque<>()).push(session);
            registry.open(session);
            presence.connected(user);
        }

        @Override
        public void disconnected(String user) {
            registry.close(opened.get(user).pop());
            presence.disconnected(user);
        }

        private static String key(Scope scope, String user) {
            return (scope.isPrivateChannel() ? "" : scope.room()) + "\n" + user;
        }

        private static ChatSession session(String user, ChatChannel channel) {
            return new ChatSession(mock(WebSocketConnection.class), new EmbeddedChannel(), user, channel, "127.0.0.1",
                    new AtomicLong());
        }
    }
}
