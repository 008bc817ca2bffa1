package io.chatservice.transport;

import jakarta.inject.Singleton;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Turns off the per-frame deflate extension ({@code deflate-frame}, {@code x-webkit-deflate-frame}, a draft that
 * RFC 7692's permessage-deflate replaced). Vert.x offers it by default and WebSockets Next has no setting for it,
 * so with {@code per-message-compression-supported=false} a client could still ask for it and get a compressor per
 * connection. With both off, Vert.x builds Netty's frame decoder with {@code allowExtensions(false)}, and the
 * decoder itself refuses a frame with an RSV bit set (1002, see {@link FrameGuard}).
 */
@Singleton
public class NoPerFrameCompression implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setPerFrameWebSocketCompressionSupported(false);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setPerFrameWebSocketCompressionSupported(false);
    }

    @Override
    public void customizeDomainSocketServer(HttpServerOptions options) {
        options.setPerFrameWebSocketCompressionSupported(false);
    }
}
