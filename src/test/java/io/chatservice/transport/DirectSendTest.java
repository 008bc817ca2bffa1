package io.chatservice.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

/** Plain JUnit on a real epoll socket over loopback: a frame sent straight to the socket keeps its place. */
class DirectSendTest {

    private static final int FRAME = 1000;
    private static final int FRAMES = 2000; // two megabytes: more than the socket buffers of both ends hold

    private EpollEventLoopGroup loop;
    private Channel server;
    private final CompletableFuture<Channel> accepted = new CompletableFuture<>();

    @BeforeEach
    void listen() throws InterruptedException {
        assumeTrue(Epoll.isAvailable(), "the epoll transport (Linux)");
        loop = new EpollEventLoopGroup(1);
        server = new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.complete(ch);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void close() {
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Frame i is FRAME bytes of the value i. */
    private static ByteBuf frame(int i) {
        ByteBuf bytes = ByteBufAllocator.DEFAULT.directBuffer(FRAME);
        for (int k = 0; k < FRAME; k++) {
            bytes.writeByte(i);
        }
        return bytes;
    }

    @Test
    void framesToAReaderThatFellBehindArriveWholeAndInOrder() throws Exception {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        try (Socket reader = new Socket("127.0.0.1", port)) {
            Channel socket = accepted.get(5, TimeUnit.SECONDS);
            assertTrue(DirectSend.suits(socket));
            int[] direct = new int[1];
            socket.eventLoop().submit(() -> {
                for (int i = 0; i < FRAMES; i++) {
                    ByteBuf frame = frame(i);
                    try {
                        if (DirectSend.send(socket, frame)) {
                            direct[0]++;
                        } else {
                            socket.writeAndFlush(frame.retain(), socket.voidPromise());
                        }
                    } finally {
                        frame.release();
                    }
                }
            }).get(5, TimeUnit.SECONDS);

            byte[] expected = new byte[FRAME * FRAMES];
            for (int i = 0; i < FRAMES; i++) {
                Arrays.fill(expected, i * FRAME, (i + 1) * FRAME, (byte) i);
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = reader.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            while (got.size() < expected.length) {
                int n = in.read(chunk);
                assertTrue(n > 0, "the connection ended after " + got.size() + " bytes");
                got.write(chunk, 0, n);
            }
            assertArrayEquals(expected, got.toByteArray());
            assertTrue(direct[0] > 0, "the first frames went straight to the socket");
            assertTrue(direct[0] < FRAMES, "once the socket was full, frames waited in its write buffer");
        }
    }

    @Test
    void aSocketBehindTlsIsNotWrittenToDirectly() throws Exception {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        try (Socket peer = new Socket("127.0.0.1", port)) {
            Channel socket = accepted.get(5, TimeUnit.SECONDS);
            SslHandler tls = SslContextBuilder.forClient().build().newHandler(socket.alloc());
            socket.eventLoop().submit(() -> socket.pipeline().addFirst(tls)).get(5, TimeUnit.SECONDS);

            assertFalse(DirectSend.suits(socket));
        }
    }

    @Test
    void aSocketOfAnotherTransportIsNotWrittenToDirectly() {
        assertFalse(DirectSend.suits(new EmbeddedChannel()));
    }
}
