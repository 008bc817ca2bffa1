package io.chatservice.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.api.ApiKeys;
import io.chatservice.api.ApiRefusal;
import io.chatservice.core.Stages;
import io.chatservice.core.Posted;
import io.chatservice.core.PrivateMessages;
import io.chatservice.core.RoomMessages;
import io.chatservice.core.Sender;
import io.chatservice.history.Appended;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The backend's messages through the server API: into a room ({@code POST /api/rooms/{room}/messages}) and to a
 * user ({@code POST /api/users/{user}/messages}), on the same path as a connection's ({@link RoomMessages},
 * {@link PrivateMessages}) under the name the backend gives in {@code from_user}, marked {@code "server":true}.
 * Names and text follow a connection's rules. A {@code cid} makes a resend safe: the same {@code cid} from the same
 * {@code from_user} within {@code chat.history.cid-window} answers the first message again (200,
 * {@code "duplicate":true}) and delivers nothing. Every call is audited ({@link ApiAudit}).
 */
@Singleton
public class MessagePosting {

    private static final int CREATED = 201;
    private static final int OK = 200;

    private final ApiKeys keys;
    private final InputRules rules;
    private final RoomMessages rooms;
    private final PrivateMessages users;
    private final ApiAudit audit;
    private final JsonFactory json;

    public MessagePosting(ApiKeys keys, InputRules rules, RoomMessages rooms, PrivateMessages users, ApiAudit audit,
            ObjectMapper mapper) {
        this.keys = keys;
        this.rules = rules;
        this.rooms = rooms;
        this.users = users;
        this.audit = audit;
        this.json = mapper.getFactory();
    }

    public CompletionStage<Response> toRoom(String authorization, String named, String body) {
        long receivedAt = System.nanoTime();
        ApiAudit.Call call = audit.call("POST", "room");
        return authorized(authorization, call, caller -> {
            String room = rules.checkRoom(named);
            call.target(room);
            PostBody message = read(body, call);
            String text = rules.requireText(message.info());
            return rooms.say(Sender.backend(message.fromUser(), caller), room, text, message.cid(), receivedAt)
                    .thenCompose(Posted::appended)
                    .thenApply(appended -> {
                        long offset = appended.kept().offset();
                        return Response.status(appended.duplicate() ? OK : CREATED)
                                .header("Location", "/api/rooms/" + encode(room) + "/messages?before=" + (offset + 1)
                                        + "&limit=1")
                                .entity(new RoomPost(appended.kept().id(), offset, appended.kept().epoch(), room,
                                        message.fromUser(), appended.duplicate() ? Boolean.TRUE : null))
                                .build();
                    });
        });
    }

    public CompletionStage<Response> toUser(String authorization, String to, String body) {
        long receivedAt = System.nanoTime();
        ApiAudit.Call call = audit.call("POST", "user");
        Executor loop = loopOfThisRequest();
        return authorized(authorization, call, caller -> {
            rules.checkUsername(to);
            call.target(to);
            PostBody message = read(body, call);
            String text = rules.requireText(message.info());
            return users.send(Sender.backend(message.fromUser(), caller), to, text, message.cid(), receivedAt, loop)
                    .thenCompose(Posted::appended)
                    .thenApply(appended -> Response.status(appended.duplicate() ? OK : CREATED)
                            .entity(new UserPost(appended.kept().id(), appended.kept().offset(),
                                    appended.kept().epoch(), to, message.fromUser(), status(appended),
                                    appended.duplicate() ? Boolean.TRUE : null))
                            .build());
        });
    }

    private PostBody read(String body, ApiAudit.Call call) throws ProtocolException {
        PostBody message = PostBody.parse(json, body);
        call.cid(message.cid());
        if (message.fromUser() == null) {
            throw new ProtocolException(ErrorCode.INVALID_USERNAME,
                    "'from_user' must name who the message is from, as its recipients will see it");
        }
        rules.checkUsername(message.fromUser());
        call.fromUser(message.fromUser());
        return message;
    }

    private static String status(Appended appended) {
        return appended.queued() ? "queued" : "sent";
    }

    /**
     * Authorizes the call, runs it, and answers: with what it answers, or a refusal with its status and an
     * {@link ApiError}. Whatever the outcome, the call is audited once.
     */
    private CompletionStage<Response> authorized(String authorization, ApiAudit.Call call, Step step) {
        return keys.authorize(authorization).thenCompose(caller -> {
            call.caller(caller);
            try {
                return step.run(caller);
            } catch (ProtocolException e) {
                return CompletableFuture.failedFuture(e);
            }
        }).handle((response, failure) -> {
            Response answer = failure == null ? response : refused(failure);
            call.answered(answer.getStatus());
            return answer;
        });
    }

    private static Response refused(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiRefusal refusal) {
            return RefusalMapper.response(refusal);
        }
        ProtocolException e = Stages.refusal(cause);
        return switch (e.code()) {
            // Not online and no mailbox to keep it in: the name is not claimed (or, with tokens, long unseen).
            case USER_OFFLINE -> error(404, e.code(), e.reason() + ", and no message is kept for a name nobody has "
                    + "claimed");
            // The addressee's mailbox: a later call succeeds once they connect and read it.
            case MAILBOX_FULL -> error(429, e.code(), e.reason());
            case UNAVAILABLE -> Response.status(503).header("Retry-After", "1")
                    .entity(new ApiError(e.code().name(), e.reason())).build();
            default -> error(400, e.code(), e.reason());
        };
    }

    private static Response error(int status, ErrorCode code, String reason) {
        return Response.status(status).entity(new ApiError(code.name(), reason)).build();
    }

    /**
     * Where the steps after each cluster answer run: the event loop this request arrived on, as a connection's run
     * on its own.
     */
    private static Executor loopOfThisRequest() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(nothing -> task.run());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @FunctionalInterface
    private interface Step {
        CompletionStage<Response> run(String caller) throws ProtocolException;
    }
}
