package io.chatservice.transport;

import java.io.IOException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.unix.Socket;
import io.netty.handler.ssl.SslHandler;

/**
 * Writes a frame with one {@code send()} straight to a socket that has nothing waiting, as a plain server would: the
 * frame is already on the wire's form, so Netty's pipeline, its write buffer entry, a duplicate of the frame and a
 * flush would only add work to every delivery. What the socket does not take at once goes the usual way, behind
 * nothing, and from then on everything does until the write buffer is empty again, so that frames keep their order
 * and the write buffer still measures how far a reader is behind.
 * <p>
 * Only for a plain TCP socket on the epoll transport: behind TLS the bytes must go through the {@link SslHandler}, and
 * on any other transport Netty's own write is used.
 */
public final class DirectSend {

    private DirectSend() {
    }

    /** Whether frames may go straight to this upgraded socket: plain TCP on the epoll transport. */
    public static boolean suits(Channel socket) {
        return socket instanceof AbstractEpollStreamChannel && socket.pipeline().get(SslHandler.class) == null;
    }

    /**
     * Sends the readable bytes of {@code frame} now if the socket can take them; on the socket's event loop only, for
     * a socket that {@link #suits}.
     *
     * @return false if nothing was sent: the caller writes the frame through the pipeline
     */
    static boolean send(Channel socket, ByteBuf frame) {
        ChannelOutboundBuffer waiting = socket.unsafe().outboundBuffer();
        if (waiting == null || waiting.totalPendingWriteBytes() != 0 || !frame.hasMemoryAddress()) {
            return false;
        }
        AbstractEpollStreamChannel epoll = (AbstractEpollStreamChannel) socket;
        int start = frame.readerIndex();
        int end = frame.writerIndex();
        int sent;
        try {
            sent = ((Socket) epoll.fd()).sendAddress(frame.memoryAddress(), start, end);
        } catch (IOException failed) {
            return false; // Netty's own write meets the same error and closes the connection the usual way
        }
        if (sent < end - start) {
            socket.writeAndFlush(frame.retainedSlice(start + sent, end - start - sent), socket.voidPromise());
        }
        return true;
    }
}
