package io.chatservice.delivery;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;

import io.chatservice.support.RedisServer;
import io.chatservice.support.ServiceProcess;

/** The ordering guarantees with several event loops, on Redis: every stream reaches the node over pub/sub. */
class RedisEventLoopsIT extends SeveralEventLoopsContract {

    @BeforeAll
    static void start() {
        RedisServer server = RedisServer.start();
        redis = server;
        Map<String, String> settings = new HashMap<>(SEVERAL_LOOPS);
        settings.put("chat.broker", "redis");
        settings.put("quarkus.redis.hosts", server.uri());
        service = ServiceProcess.start(settings);
    }
}
