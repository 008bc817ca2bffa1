package io.chatservice.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.MultiMap;

/**
 * Empties the upgrade request's headers as the handshake's 101 answer goes out, so that no connection keeps them for
 * its life. Netty's handshaker has read what it needs by then, and the connection is not yet open: Vert.x keeps the
 * headers with the socket, and WebSockets Next copies them into the connection's {@code handshakeRequest()} right after
 * the handshake. The service reads nothing there but the path, the query and the peer's address; the upgrade checks,
 * which read the headers (origin, token, forwarded address), have all run before. A browser's dozen headers (cookies,
 * user agent, languages) are a kilobyte or two per idle connection, the benchmark client's six about 900 bytes.
 */
@RegisterForReflection(methods = true, fields = false) // Netty looks up a handler's methods to skip the ones it lacks
final class UpgradeHeaders extends ChannelOutboundHandlerAdapter {

    private static final String NAME = "chat.upgrade-headers";

    private final MultiMap headers;

    private UpgradeHeaders(MultiMap headers) {
        this.headers = headers;
    }

    /** Watches for the handshake's answer on a connection that is about to be upgraded, once. */
    static void install(Channel socket, MultiMap headers) {
        if (socket.pipeline().get(NAME) == null) {
            socket.pipeline().addLast(NAME, new UpgradeHeaders(headers));
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        if (msg instanceof HttpResponse response) {
            ctx.pipeline().remove(this);
            if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                headers.clear();
            }
        }
    }
}
