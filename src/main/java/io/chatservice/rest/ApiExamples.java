package io.chatservice.rest;

/** The examples of the server API's description (OpenAPI): requests and answers as the service gives them. */
final class ApiExamples {

    static final String ROOM_POST = "{\"from_user\":\"deploy-bot\",\"info\":\"v2.4.1 is live\",\"cid\":\"deploy-8812\"}";
    static final String ROOM_POSTED = "{\"id\":\"p1uLQZrdYaAd\",\"offset\":43,\"epoch\":\"narqbkra\",\"room\":\"dev\","
            + "\"from_user\":\"deploy-bot\"}";
    static final String ROOM_DUPLICATE = "{\"id\":\"p1uLQZrdYaAd\",\"offset\":43,\"epoch\":\"narqbkra\","
            + "\"room\":\"dev\",\"from_user\":\"deploy-bot\",\"duplicate\":true}";
    static final String USER_POST = "{\"from_user\":\"billing\",\"info\":\"Your invoice is ready\",\"cid\":\"inv-2291\"}";
    static final String USER_SENT = "{\"id\":\"TNQm6BaOVWe2\",\"offset\":7,\"epoch\":\"yucmh4oh\",\"to_user\":\"bob\","
            + "\"from_user\":\"billing\",\"status\":\"sent\"}";
    static final String USER_QUEUED = "{\"id\":\"p55U3aUdsgUD\",\"offset\":8,\"epoch\":\"yucmh4oh\","
            + "\"to_user\":\"bob\",\"from_user\":\"billing\",\"status\":\"queued\"}";
    static final String USER_DUPLICATE = "{\"id\":\"TNQm6BaOVWe2\",\"offset\":7,\"epoch\":\"yucmh4oh\","
            + "\"to_user\":\"bob\",\"from_user\":\"billing\",\"status\":\"sent\",\"duplicate\":true}";
    static final String INVALID_ROOM = "{\"code\":\"INVALID_ROOM\",\"reason\":\"room name may contain only letters, digits, '_', '-' and '.'\"}";
    static final String EMPTY_TEXT = "{\"code\":\"EMPTY_TEXT\",\"reason\":\"'info' must hold the message text\"}";
    static final String INVALID_USERNAME = "{\"code\":\"INVALID_USERNAME\",\"reason\":\"'from_user' must name who "
            + "the message is from, as its recipients will see it\"}";
    static final String KEY_REQUIRED = "{\"code\":\"API_KEY_REQUIRED\",\"reason\":\"this needs a server API key: "
            + "Authorization: Bearer <key>\"}";
    static final String API_DISABLED = "{\"code\":\"API_DISABLED\",\"reason\":\"the server API is closed: the "
            + "operator has set no key (chat.api.keys)\"}";
    static final String RATE_LIMITED = "{\"code\":\"RATE_LIMITED\",\"reason\":\"too many server API calls with "
            + "these credentials; try again in 1 s\"}";
    static final String UNAVAILABLE = "{\"code\":\"UNAVAILABLE\",\"reason\":\"the service cannot reach its cluster "
            + "now; try again\"}";
    static final String USER_OFFLINE = "{\"code\":\"USER_OFFLINE\",\"reason\":\"bob is not online, and no message "
            + "is kept for a name nobody has claimed\"}";
    static final String MAILBOX_FULL = "{\"code\":\"MAILBOX_FULL\",\"reason\":\"bob's mailbox takes no more messages "
            + "from you now\"}";

    private ApiExamples() {
    }
}
