package io.chatservice.page;

import java.util.Locale;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.chatservice.config.ChatConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The login and chat page, in the reader's language. It finds the WebSocket address from its own location, so it
 * works behind any host name or proxy. It is told how names are proven ({@code chat.identity.mode}: a key the
 * service hands out, or a JWT the page is given in its address) and, for tokens, which claim names the user.
 */
@Path("/chat")
public class ChatPageResource {

    static final Set<String> LANGUAGES = Set.of("en", "zh");
    static final String DEFAULT_LANGUAGE = "en";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance chat(String lang, String defaultRoom, int maxTextBytes, int maxUsernameLength,
                String identityMode, String nameClaim, int maxWatch, long typingIntervalMs,
                long editWindowMs);
    }

    private final ChatConfig config;

    public ChatPageResource(ChatConfig config) {
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(HttpHeaders headers) {
        String lang = language(headers);
        return Templates.chat(lang, config.rooms().defaultRoom(), config.limits().maxTextBytes(),
                config.limits().maxUsernameLength(), config.identity().mode().name().toLowerCase(Locale.ROOT),
                config.identity().nameClaim(), config.presence().maxWatch(), config.typing().interval().toMillis(),
                config.messages().editWindow().toMillis())
                .setLocale(Locale.forLanguageTag(lang));
    }

    /** The first language in the reader's order of preference that the page speaks (zh-CN, zh-TW → zh). */
    static String language(HttpHeaders headers) {
        for (Locale locale : headers.getAcceptableLanguages()) {
            if (LANGUAGES.contains(locale.getLanguage())) {
                return locale.getLanguage();
            }
        }
        return DEFAULT_LANGUAGE;
    }
}
