package io.chatservice.ws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.core.Presence;
import io.chatservice.core.Stages;
import io.chatservice.config.ChatConfig;
import io.chatservice.delivery.Catchups;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.NameForms;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.Watched;

/**
 * The {@code watch} frame of a private connection: whose presence it hears. The names are kept by form in the
 * registry's index, which routes each watched user's join and leave to the connections watching them; the answer,
 * {@code watching}, says who of them is online now. A private connection hears of nobody it does not watch, so what a
 * newcomer costs does not grow with the number of people online.
 */
@Singleton
public class Watching {

    static final String REPLACE = "replace", ADD = "add", REMOVE = "remove";

    private final ConnectionRegistry registry;
    private final Presence presence;
    private final Catchups catchups;
    private final InputRules rules;
    private final Frames frames;
    private final int maxWatch;
    private final boolean presencePublic;

    public Watching(ConnectionRegistry registry, Presence presence, Catchups catchups, InputRules rules, Frames frames,
            ChatConfig config) {
        this.registry = registry;
        this.presence = presence;
        this.catchups = catchups;
        this.rules = rules;
        this.frames = frames;
        this.maxWatch = config.presence().maxWatch();
        this.presencePublic = config.presence().isPublic();
    }

    /**
     * Changes the list, then reads who of it is online. Live frames are held from before the change until the answer
     * is out: a join or leave that crosses the read comes after the answer, so the client's last word on each user
     * is right.
     */
    CompletionStage<Void> watch(ChatSession session, InboundMessage message) throws ProtocolException {
        if (!presencePublic) {
            throw new ProtocolException(ErrorCode.PRESENCE_PRIVATE, "who is online is not shown on this service");
        }
        if (message.users() == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'watch' needs 'users': the names to watch");
        }
        String mode = message.mode() == null ? REPLACE : message.mode();
        if (!mode.equals(REPLACE) && !mode.equals(ADD) && !mode.equals(REMOVE)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'mode' must be 'replace', 'add' or 'remove'");
        }
        Map<String, String> named = new LinkedHashMap<>();
        for (String name : message.users()) {
            named.put(NameForms.userForm(rules.checkNamed(InboundParser.USERS, name)), name);
        }
        Watched watched = session.watched();
        int after = switch (mode) {
            case ADD -> watched.size() + (int) named.keySet().stream().filter(form -> !watched.has(form)).count();
            case REMOVE -> watched.size() - (int) named.keySet().stream().filter(watched::has).count();
            default -> named.size();
        };
        if (after > maxWatch) {
            throw new ProtocolException(ErrorCode.WATCH_LIMIT,
                    "a connection may watch at most " + maxWatch + " names; this would make " + after);
        }
        catchups.hold(session);
        if (mode.equals(REPLACE)) {
            for (String form : new ArrayList<>(watched.forms())) {
                if (!named.containsKey(form)) {
                    registry.unwatch(session, form);
                }
            }
        }
        if (mode.equals(REMOVE)) {
            named.keySet().forEach(form -> registry.unwatch(session, form));
        } else {
            named.forEach((form, name) -> registry.watch(session, form, name));
        }
        List<String> names = watched.names();
        CompletionStage<Void> answered = Stages.then(presence.privateOnline(List.copyOf(watched.forms())),
                session.eventLoop(), online -> {
                    List<String> sorted = new ArrayList<>(online);
                    sorted.sort(null);
                    catchups.finish(session, null, 0, List.of(frames.watching(names, sorted)));
                    return Stages.DONE;
                });
        if (!Stages.succeeded(answered)) {
            answered.whenComplete((done, failure) -> {
                if (failure != null) {
                    session.eventLoop().execute(() -> catchups.abandon(session));
                }
            });
        }
        return answered;
    }
}
