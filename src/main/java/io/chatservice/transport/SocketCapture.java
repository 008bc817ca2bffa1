package io.chatservice.transport;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Keeps the socket of each upgrading connection, so that a frame encoded once can be written to every recipient's
 * socket as it is: WebSockets Next would encode the text again, copy it, and build a {@code Uni} and a promise for
 * every recipient. The socket is reached the way Quarkus' own HTTP layer reaches it, through the request's Vert.x
 * connection. Its write buffer limit is the slow-reader budget ({@code chat.delivery.max-pending-bytes}).
 * <p>
 * Once the connection is admitted, the HTTP idle timeout leaves its pipeline: {@code PeerSweeper}'s pings and
 * liveness timeout close a dead or stalled WebSocket peer instead, and the idle handler would otherwise cost a timer
 * on every connection and a promise on every frame written.
 * <p>
 * The {@link FrameGuard} goes into the pipeline here, before the handshake, so that it sees the first frame, and so
 * does {@link UpgradeHeaders}, which empties the request's headers once the handshake has read them.
 */
@ApplicationScoped
public class SocketCapture implements HttpUpgradeCheck {

    private static final TypedKey<Channel> SOCKET = new TypedKey<>("chat.socket");

    private static final Logger LOG = Logger.getLogger(SocketCapture.class);
    private static final int INTERNAL_ERROR = 500;

    private final WriteBufferWaterMark budget;

    public SocketCapture(ChatConfig config) {
        int maxPending = (int) Math.min(Integer.MAX_VALUE, config.delivery().maxPendingBytes().asLongValue());
        // Writable again once half of the budget has drained, so that a reader near the limit does not flap.
        this.budget = new WriteBufferWaterMark(maxPending / 2, maxPending);
    }

    /** Takes the socket kept for an upgraded connection, now a WebSocket that {@code PeerSweeper} watches. */
    public static Channel adopt(WebSocketConnection connection) {
        Channel socket = connection.userData().remove(SOCKET); // each connection holds it once, in its session
        if (socket.pipeline().get(IdleStateHandler.class) != null) {
            socket.pipeline().remove(IdleStateHandler.class);
        }
        return socket;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!(context.httpRequest().connection() instanceof ConnectionBase connection)) {
            // Only an HTTP/1.1 request can upgrade, and Vert.x serves every one of those with a ConnectionBase.
            LOG.errorf("no socket behind the upgrade request %s", context.httpRequest().path());
            return CheckResult.rejectUpgrade(INTERNAL_ERROR);
        }
        Channel socket = connection.channel();
        socket.config().setWriteBufferWaterMark(budget);
        FrameGuard.install(socket);
        UpgradeHeaders.install(socket, context.httpRequest().headers());
        context.userData().put(SOCKET, socket);
        return CheckResult.permitUpgrade();
    }
}
