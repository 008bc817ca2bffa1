package io.chatservice.page;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
                .body(containsString("<script type=\"module\" src=\"/chat.js\"></script>"))
                .body(containsString("data-default-room=\"lobby\""))
                .body(containsString("data-max-text-bytes=\"4096\""));
    }

    @Test
    void pageIsToldHowNamesAreProven() {
        given().when().get("/chat").then()
                .statusCode(200)
                .body(containsString("data-identity-mode=\"names\""))
                .body(containsString("data-name-claim=\"sub\""));
    }

    @Test
    void pageExplainsATakenNameInItsOwnWords() {
        given().header("Accept-Language", "zh-CN").when().get("/chat").then()
                .statusCode(200)
                .body(containsString("data-error-name-taken=\"名字“%user%”已被别人使用，请换一个名字。\""));
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
                .body(not(matchesPattern("(?s).*wss?://[\\w.\\[].*")));
    }

    @Test
    void scriptNeverWritesMarkupFromData() {
        given().when().get("/chat.js").then()
                .statusCode(200)
                .body(not(containsString("innerHTML")))
                .body(not(containsString("outerHTML")))
                .body(not(containsString("insertAdjacentHTML")))
                .body(not(containsString("document.write")));
    }

    @ParameterizedTest
    @CsvSource({
            "zh-CN, zh, 登录",
            "'zh-TW,zh;q=0.9', zh, 登录",
            "'fr-FR, zh;q=0.5', zh, 登录",
            "en-US, en, Log in",
            "de, en, Log in" })
    void pageSpeaksTheReadersLanguage(String acceptLanguage, String lang, String logIn) {
        given().header("Accept-Language", acceptLanguage).when().get("/chat").then()
                .statusCode(200)
                .body(containsString("<html lang=\"" + lang + "\">"))
                .body(containsString(">" + logIn + "</button>"));
    }

    @Test
    void pageWithoutALanguagePreferenceIsInEnglish() {
        given().when().get("/chat").then()
                .statusCode(200)
                .body(containsString("<html lang=\"en\">"));
    }

    @Test
    void stylesheetIsServedByTheServiceItself() {
        RestAssured.given().when().get("/chat.css").then().statusCode(200);
        given().when().get("/chat").then().body(not(containsString("https://")));
    }
}
