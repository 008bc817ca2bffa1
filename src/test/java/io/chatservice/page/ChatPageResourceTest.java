package io.chatservice.page;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class ChatPageResourceTest {

    @Test
    void chatPageHasTheLoginFormAndTheChatScript() {
        given().when().get("/chat").then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("id=\"login-form\""))
                .body(containsString("<script src=\"/chat.js\"></script>"))
                .body(containsString("data-default-room=\"lobby\""))
                .body(containsString("data-max-text-bytes=\"4096\""));
    }

    @Test
    void rootLeadsToTheChatPage() {
        given().redirects().follow(false).when().get("/").then()
                .statusCode(303)
                .header("Location", endsWith("/chat"));
    }

    @Test
    void pageTakesTheWebSocketAddressFromItsOwnLocation() {
        given().when().get("/chat").then().body(not(containsString("ws://")));
        given().when().get("/chat.js").then()
                .statusCode(200)
                .body(containsString("location.host"))
                .body(not(containsString("ws://")))
                .body(not(containsString("innerHTML")));
    }

    @Test
    void stylesheetIsServedByTheServiceItself() {
        RestAssured.given().when().get("/chat.css").then().statusCode(200);
        given().when().get("/chat").then().body(not(containsString("https://")));
    }
}
