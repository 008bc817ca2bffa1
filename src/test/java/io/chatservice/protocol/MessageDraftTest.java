package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.history.Draft;

/** A message's frame written by hand is the text Jackson's databind writes for the same {@link OutboundFrame}. */
class MessageDraftTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void writesWhatTheDatabindWrites() throws Exception {
        List<String> texts = new ArrayList<>(List.of("hello", "", "quote \" and backslash \\ and slash /",
                "tab\tnew line\ncarriage\rback\bfeed\f", "\u0000\u0001\u001f\u007f", "é ü ß 中文 \u2028\u2029",
                "emoji \uD83D\uDE00 and a lone \uD800 surrogate", "<script>alert('x')</script> & </"));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(40); j > 0; j--) {
                text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            check(null, "ann", "bob", text, false);
            check("lobby", "ann", null, text, false);
            check(null, "ann", "b\"o\\b", text, true);
            check("r" + text, text, text, text, true);
        }
    }

    private void check(String room, String from, String to, String info, boolean byBackend) throws Exception {
        long ts = 1_765_000_000_123L;
        Draft draft = MessageDraft.of("AbC123xyz789", ts, room, from, to, info, byBackend);
        assertEquals("AbC123xyz789", draft.id());
        OutboundFrame frame = new OutboundFrame(FrameType.MESSAGE, "AbC123xyz789", ts, 41L, "e0pq", room, from, to,
                null, info, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, byBackend ? Boolean.TRUE : null, null, null);
        assertEquals(mapper.writeValueAsString(frame), draft.complete(41, "e0pq"));
    }
}
