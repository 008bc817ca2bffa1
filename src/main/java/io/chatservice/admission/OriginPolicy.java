package io.chatservice.admission;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.vertx.core.http.HttpServerRequest;

/**
 * Which pages may open a WebSocket to the service ({@code chat.security.allowed-origins}). A browser always sends
 * {@code Origin} with an upgrade and a page cannot forge it, so this is what keeps another site's page from chatting
 * as its visitor; a request without one is not from a browser and is let through.
 */
@Singleton
public class OriginPolicy {

    static final String SELF = "self";
    static final String ANY = "*";

    private final boolean any;
    private final boolean self;
    private final Set<String> listed;

    @Inject
    public OriginPolicy(ChatConfig config) {
        this(config.security().allowedOrigins());
    }

    OriginPolicy(List<String> allowed) {
        this.any = allowed.contains(ANY);
        this.self = allowed.contains(SELF);
        this.listed = allowed.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** @param origin the request's {@code Origin} header, or null */
    public boolean allows(String origin, HttpServerRequest request) {
        if (origin == null || any) {
            return true;
        }
        String normalized = normalize(origin);
        return listed.contains(normalized) || self && normalized.equals(ownOrigin(request));
    }

    /** The origin the request was sent to, as its client named it (behind a proxy, the forwarded one). */
    static String ownOrigin(HttpServerRequest request) {
        return normalize(request.scheme() + "://" + request.host());
    }

    /** Origins compare without case and without the scheme's default port. */
    static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (o.startsWith("http://") && o.endsWith(":80")) {
            return o.substring(0, o.length() - 3);
        }
        if (o.startsWith("https://") && o.endsWith(":443")) {
            return o.substring(0, o.length() - 4);
        }
        return o;
    }
}
