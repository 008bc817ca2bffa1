package io.chatservice.bench.floor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The floor: what fan-out costs with no framework and no JSON. One thread, one selector; for each text message it
 * builds one server frame around the payload as received and writes it to every recipient with one write call each
 * (a recipient whose socket buffer is full keeps the rest queued). Group paths put a connection in a room; a private
 * message goes to the connections of the user named by its {@code "to_user"} field (found by a byte search) and back
 * to the sender's. Usage: {@code FloorServer PORT [HOST]}.
 */
public final class FloorServer {

    private final Map<String, List<Peer>> rooms = new HashMap<>();
    private final Map<String, List<Peer>> privateByUser = new HashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 16);

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        new FloorServer().serve(new InetSocketAddress(host, port));
    }

    private void serve(InetSocketAddress address) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(address, 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("listening on " + address);
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                try {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept(selector, server);
                        continue;
                    }
                    Peer peer = (Peer) key.attachment();
                    if (key.isWritable()) {
                        peer.flush();
                    }
                    if (key.isReadable()) {
                        read(peer);
                    }
                } catch (IOException e) {
                    drop((Peer) key.attachment());
                }
            }
        }
    }

    private void accept(Selector selector, ServerSocketChannel server) throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            key.attach(new Peer(channel, key));
        }
    }

    private void read(Peer peer) throws IOException {
        readBuffer.clear();
        int n = peer.channel().read(readBuffer);
        if (n < 0) {
            drop(peer);
            return;
        }
        readBuffer.flip();
        peer.append(readBuffer);
        if (!peer.upgraded()) {
            String path = Handshake.complete(peer);
            if (path == null) {
                return;
            }
            enter(peer, path);
        }
        byte[] payload;
        while ((payload = peer.nextTextMessage()) != null) {
            if (peer.isClosed()) {
                drop(peer);
                return;
            }
            deliver(peer, payload);
        }
        if (peer.isClosed()) {
            drop(peer);
        }
    }

    private void enter(Peer peer, String path) {
        String[] parts = path.split("/");
        // "", "groupchat", user[, room]  or  "", "privateChat", user
        if (parts.length >= 3 && parts[1].equals("groupchat")) {
            peer.room(parts.length > 3 ? parts[3] : "lobby");
            rooms.computeIfAbsent(peer.room(), r -> new ArrayList<>()).add(peer);
        } else if (parts.length == 3 && parts[1].equals("privateChat")) {
            peer.user(parts[2]);
            privateByUser.computeIfAbsent(peer.user(), u -> new ArrayList<>()).add(peer);
        }
    }

    private void deliver(Peer from, byte[] payload) {
        ByteBuffer frame = Frames.text(payload);
        if (from.room() != null) {
            for (Peer to : rooms.get(from.room())) {
                to.write(frame.duplicate());
            }
            return;
        }
        String toUser = Frames.toUser(payload);
        List<Peer> targets = toUser == null ? null : privateByUser.get(toUser);
        if (targets == null) {
            return;
        }
        for (Peer to : targets) {
            to.write(frame.duplicate());
        }
        if (!toUser.equals(from.user())) {
            for (Peer to : privateByUser.get(from.user())) {
                to.write(frame.duplicate());
            }
        }
    }

    private void drop(Peer peer) {
        if (peer == null) {
            return;
        }
        peer.close();
        if (peer.room() != null) {
            List<Peer> members = rooms.get(peer.room());
            if (members != null && members.remove(peer) && members.isEmpty()) {
                rooms.remove(peer.room());
            }
        }
        if (peer.user() != null) {
            List<Peer> mine = privateByUser.get(peer.user());
            if (mine != null && mine.remove(peer) && mine.isEmpty()) {
                privateByUser.remove(peer.user());
            }
        }
    }
}
