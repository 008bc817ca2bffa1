package io.chatservice.delivery;

import org.junit.jupiter.api.BeforeAll;

import io.chatservice.support.ServiceProcess;

/** The ordering guarantees with several event loops, on the memory broker. */
class MemoryEventLoopsIT extends SeveralEventLoopsContract {

    @BeforeAll
    static void start() {
        service = ServiceProcess.start(SEVERAL_LOOPS);
    }
}
