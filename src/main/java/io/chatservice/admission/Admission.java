package io.chatservice.admission;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.core.Presence;
import io.chatservice.core.Stages;
import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.transport.FrameSender;
import io.chatservice.identity.Admitted;
import io.chatservice.core.Identity;
import io.chatservice.identity.KeyProof;
import io.chatservice.identity.LastSeen;
import io.chatservice.identity.Names;
import io.chatservice.identity.NameProof;
import io.chatservice.limits.RoomOpenings;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.metrics.Refusal;
import io.chatservice.core.Ban;
import io.chatservice.core.Sanctions;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.protocol.CloseReasons;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.NameForms;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.Sessions;
import io.chatservice.transport.DirectSend;
import io.chatservice.transport.SocketCapture;
import io.netty.channel.Channel;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Lets a new connection in under the name in its path, or refuses it with a reason. In order: what the upgrade gate
 * found (capacity, upgrade rate), the naming rules, a ban of the name ({@link Sanctions}: close 4403), the
 * address's connection cap, and the proof that the name is the connection's own ({@code chat.identity.mode}: its
 * key, or its token) with the name's connection cap, and for a group
 * connection whose room nobody is in on this node, the rate of opening rooms ({@link RoomOpenings}). An admitted
 * connection is told who it is in a {@code welcome} frame, with the key that its user's further connections present
 * ({@code names} mode); in {@code jwt} mode it is closed when its token expires ({@link TokenExpiry}), and its user's
 * sighting is recorded as it is admitted and as it closes ({@link LastSeen}), which decides whether private messages
 * to that user are kept while they are offline.
 * <p>
 * A browser never sees why an upgrade was refused, so a refusal comes after the upgrade: an error frame, then close
 * 1008 with the reason, both of which every client can read. The refused connection receives nothing else.
 */
@Singleton
public class Admission {

    /** The logger of connects, refusals and closes: name, address, origin and reason, never a key or a token. */
    public static final String AUDIT = "io.chatservice.audit";

    private static final Logger LOG = Logger.getLogger(AUDIT);

    private final InputRules rules;
    private final AddressCounts addresses;
    private final NameProof proof;
    private final Names holds;
    private final Presence presence;
    private final Sessions sessions;
    private final ConnectionRegistry registry;
    private final Frames frames;
    private final FrameSender sender;
    private final ChatMetrics metrics;
    /** Null in {@code names} mode, whose proofs do not run out. */
    private final TokenExpiry expiry;
    /** Null in {@code names} mode, where a claim, not a sighting, keeps a mailbox. */
    private final LastSeen lastSeen;
    private final RoomOpenings openings;
    private final Sanctions sanctions;
    private final String defaultRoom;

    public Admission(InputRules rules, AddressCounts addresses, KeyProof keys, TokenProof tokens, TokenExpiry expiry,
            Names holds, Presence presence, Sessions sessions, ConnectionRegistry registry, Frames frames,
            FrameSender sender, ChatMetrics metrics, LastSeen lastSeen, RoomOpenings openings, Sanctions sanctions,
            ChatConfig config) {
        this.openings = openings;
        this.sanctions = sanctions;
        this.defaultRoom = config.rooms().defaultRoom();
        this.rules = rules;
        this.addresses = addresses;
        boolean jwt = config.identity().mode() == IdentityMode.JWT;
        this.proof = jwt ? tokens : keys;
        this.expiry = jwt ? expiry : null;
        this.lastSeen = jwt ? lastSeen : null;
        this.holds = holds;
        this.presence = presence;
        this.sessions = sessions;
        this.registry = registry;
        this.frames = frames;
        this.sender = sender;
        this.metrics = metrics;
    }

    /**
     * The checks that need nobody else: what the upgrade gate found, the naming rules, the address's cap. A session
     * that passes exists from now on, so that frames arriving while its name is proven wait their turn.
     *
     * @return the session, to be {@linkplain #prove proven}; null if the connection was refused
     */
    public ChatSession begin(WebSocketConnection connection, ChatChannel channel) {
        String user = connection.pathParam("username");
        String room = connection.pathParam("room");
        String address = UpgradeGate.address(connection);
        ProtocolException pending = UpgradeGate.pendingRefusal(connection);
        if (pending != null) {
            refuse(connection, pending, address);
            return null;
        }
        try {
            rules.checkUsername(user);
            if (room != null) {
                rules.checkRoom(room);
            }
        } catch (ProtocolException e) {
            refuse(connection, e, address);
            return null;
        }
        // This node's view of the cluster's bans: no round trip for any connection.
        Ban ban = sanctions.ban(user);
        if (ban != null) {
            refuse(connection, ban.refusal(System.currentTimeMillis()), address);
            return null;
        }
        if (!addresses.tryOpen(address)) {
            refuse(connection, new ProtocolException(ErrorCode.ADDRESS_LIMIT, "your address has "
                    + addresses.max() + " connections open, the most one address may have"), address);
            return null;
        }
        Channel socket = SocketCapture.adopt(connection);
        ChatSession session = new ChatSession(connection, socket, user, channel, address, null,
                TypingOptIn.asked(connection), DirectSend.suits(socket));
        sessions.attach(session);
        return session;
    }

    /**
     * The proof that the name is the connection's own, with the name's connection cap, over the whole cluster. An
     * admitted connection is counted and welcomed; a refused one is told why and closed.
     *
     * @return completes with whether the connection was admitted; never fails
     */
    public CompletionStage<Boolean> prove(ChatSession session) {
        WebSocketConnection connection = session.connection();
        CompletionStage<Admitted> proven;
        try {
            proven = proof.admit(connection, session.user());
        } catch (ProtocolException e) {
            proven = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Admitted> done = proven.toCompletableFuture();
        if (done.isDone()) {
            return CompletableFuture.completedFuture(settle(session, done));
        }
        return done.handleAsync((admitted, failure) -> settle(session, done), session.eventLoop());
    }

    private boolean settle(ChatSession session, CompletableFuture<Admitted> proven) {
        WebSocketConnection connection = session.connection();
        Admitted admitted;
        try {
            admitted = proven.join();
        } catch (RuntimeException failure) {
            if (!session.isClosing()) {
                sessions.forget(connection);
                addresses.close(session.address());
                refuse(connection, Stages.refusal(failure), session.address());
            }
            return false;
        }
        if (session.isClosing()) {
            // Closed while its name was being proven: the hold it was given goes at once.
            holds.disconnected(session.user());
            return false;
        }
        ProtocolException overRate = openingRefusal(session);
        if (overRate != null) {
            sessions.forget(connection);
            addresses.close(session.address());
            holds.disconnected(session.user());
            refuse(connection, overRate, session.address(), Refusal.ROOM_JOIN_RATE);
            return false;
        }
        session.admitted(admitted.sendBudget(), Identity.ofKey(admitted.key()));
        registry.open(session);
        presence.connected(session.user());
        sender.send(session, frames.welcome(session.user(), admitted.key()));
        if (expiry != null && admitted.closesAt() > 0) {
            expiry.watch(session, admitted.closesAt());
        }
        if (lastSeen != null) {
            lastSeen.seen(session.user());
        }
        if (LOG.isDebugEnabled()) { // its arguments alone cost every newcomer a look-up or two
            LOG.debugf("connected %s as %s from %s (origin %s)", connection.handshakeRequest().path(), session.user(),
                    session.address(), UpgradeGate.origin(connection));
        }
        UpgradeGate.forgetOrigin(connection);
        return true;
    }

    /**
     * A group connection opens in the room of its path (or the default room): if nobody is in it on this node, that
     * opening counts against the address's and the name's budgets ({@link RoomOpenings}), taken only now that the
     * name is proven, so that nobody spends another's. Refused before the welcome, as a connection that cannot be in
     * its room has nothing to do.
     *
     * @return the refusal, or null if the connection may open its room
     */
    private ProtocolException openingRefusal(ChatSession session) {
        if (session.channel() != ChatChannel.GROUP) {
            return null;
        }
        String named = session.connection().pathParam("room");
        String room = NameForms.fold(named == null ? defaultRoom : named); // as the registry keeps it: Lobby is lobby
        if (registry.hasRoom(room)) {
            return null;
        }
        long retryAfterMs = openings.take(session.address(), session.user(), System.nanoTime());
        return retryAfterMs == 0 ? null
                : ProtocolException.retryLaterInRoom(ErrorCode.RATE_LIMITED,
                        "you are opening rooms too fast; wait a moment", room, retryAfterMs);
    }

    /** The connection of a session closed: its name and address count one connection fewer. */
    public void closed(ChatSession session) {
        addresses.close(session.address());
        if (!session.isAdmitted()) {
            return; // its proof, when it comes, lets the name go
        }
        if (expiry != null) {
            expiry.cancel(session);
        }
        if (lastSeen != null) {
            lastSeen.seen(session.user());
        }
        presence.disconnected(session.user());
        holds.disconnected(session.user());
        if (LOG.isDebugEnabled()) {
            LOG.debugf("closed %s as %s from %s", session.connection().handshakeRequest().path(), session.user(),
                    session.address());
        }
    }

    private void refuse(WebSocketConnection connection, ProtocolException e, String address) {
        refuse(connection, e, address, Refusal.of(e.code()));
    }

    private void refuse(WebSocketConnection connection, ProtocolException e, String address, Refusal why) {
        metrics.error(e.code());
        metrics.refused(why);
        LOG.infof("refused %s from %s (origin %s): %s", connection.handshakeRequest().path(), address,
                UpgradeGate.origin(connection), e.reason());
        // A node cut off from Redis asks the client to come back (1013), perhaps to another node; a banned name is told
        // not to come back before its ban ends (4403); any other refusal stands until the client changes something
        // (1008).
        int code = switch (e.code()) {
            case UNAVAILABLE -> CloseCodes.TRY_AGAIN_LATER;
            case BANNED -> CloseCodes.BANNED;
            default -> CloseCodes.POLICY_VIOLATION;
        };
        CloseReason reason = new CloseReason(code, CloseReasons.fit(e.reason()));
        connection.sendText(frames.error(e))
                .onItemOrFailure().transformToUni((done, failure) -> connection.close(reason))
                .subscribe().with(done -> {
                }, failure -> LOG.debugf("refusing %s failed: %s", connection.id(), failure.getMessage()));
    }
}
