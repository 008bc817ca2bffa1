package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class UnicodeTest extends ChatTestBase {

    private static final String TEXT = "你好，世界！WebSocket 让浏览器和服务器双向通信 😀👍🏽 👨‍👩‍👧 é ñ ß \uD834\uDD1E";

    @Test
    void chineseAndEmojiCrossAGroupRoomIntact() {
        String room = unique("聊天室");
        ChatClient a = group(unique("小明"), room);
        ChatClient b = group(unique("小红"), room);

        a.send(say(TEXT));

        JsonObject frame = b.nextMessage();
        assertEquals(TEXT, frame.getString("info"));
        assertEquals(room, frame.getString("room"));
    }

    @Test
    void chineseAndEmojiCrossAPrivateMessageIntact() {
        String ming = unique("小明"), hong = unique("小红");
        ChatClient a = direct(ming);
        ChatClient b = direct(hong);

        a.send(tell(hong, TEXT));

        JsonObject frame = b.nextMessage();
        assertEquals(TEXT, frame.getString("info"));
        assertEquals(ming, frame.getString("from_user"));
        assertEquals(hong, frame.getString("to_user"));
    }

    @Test
    void escapedUnicodeInTheJsonIsDecoded() {
        String room = unique("room");
        ChatClient a = group(unique("alice"), room);

        a.send("{\"info\":\"\\u4f60\\u597d \\ud83d\\ude00\"}");

        assertEquals("你好 😀", a.nextMessage().getString("info"));
    }

    /**
     * A JSON escape can carry half a surrogate pair, which no UTF-8 can encode: it is read as U+FFFD, as a browser
     * reads it. Sent on as it came, it once made the frame to every member of the room invalid UTF-8 (Netty writes a
     * lone high surrogate as '?' and then only the low byte of the next character), and a browser must drop a
     * connection that receives such a frame.
     */
    @Test
    void aLoneSurrogateEscapeArrivesAsAReplacementCharacter() {
        String room = unique("room");
        ChatClient a = group(unique("alice"), room);
        ChatClient b = group(unique("bob"), room);

        a.send("{\"info\":\"\\ud800\u00e9 \\udc00\"}");

        assertEquals("\uFFFD\u00e9 \uFFFD", b.nextMessage().getString("info"));
    }
}
