package io.chatservice.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ServiceProcess;

/**
 * The packaged service, as it runs in production: the API's description and Swagger UI are not served unless the
 * operator turns them on, which takes a setting and no rebuild.
 */
class OpenApiIT {

    @Test
    void productionServesNeitherTheDescriptionNorSwaggerUi() {
        try (ServiceProcess service = ServiceProcess.start()) {
            assertEquals(404, service.status("/q/openapi"));
            assertEquals(404, service.status("/q/swagger-ui/"));
            assertEquals(200, service.status("/api/users"), "the API itself is served");
        }
    }

    @Test
    void anOperatorTurnsBothOnAtRunTime() {
        try (ServiceProcess service = ServiceProcess.start(Map.of(
                "quarkus.smallrye-openapi.enabled", "true", "quarkus.swagger-ui.enabled", "true"))) {
            assertTrue(service.get("/q/openapi").contains("/api/users"));
            assertEquals(200, service.status("/q/swagger-ui/"));
        }
    }
}
