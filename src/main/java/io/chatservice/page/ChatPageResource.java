package io.chatservice.page;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.chatservice.config.ChatConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The login and chat page. It finds the WebSocket address from its own location, so it works behind any host. */
@Path("/chat")
public class ChatPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance chat(String defaultRoom, int maxTextBytes, int maxUsernameLength);
    }

    private final ChatConfig config;

    public ChatPageResource(ChatConfig config) {
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return Templates.chat(config.rooms().defaultRoom(), config.limits().maxTextBytes(),
                config.limits().maxUsernameLength());
    }
}
