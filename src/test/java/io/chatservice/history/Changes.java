package io.chatservice.history;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.core.Change;
import io.chatservice.core.Outgoing;
import io.chatservice.core.StreamKey;
import io.chatservice.core.Target;
import io.chatservice.protocol.Frames;

/**
 * Messages and changes as the service makes them ({@link Frames}), for the tests of both histories: a text that
 * needs JSON escapes, and one that looks like a frame's own fields, must be rewritten alike by both.
 */
public final class Changes {

    public static final Frames FRAMES = new Frames(new ObjectMapper());
    /** A text with quotes, backslashes, a field's look, a control character and characters beyond the BMP. */
    public static final String TRICKY = "say \"hi\" \\\\ \\\" \"info\":\"x\" \u0001 大家好 😀 \\";
    public static final long WINDOW_MILLIS = TimeUnit.MINUTES.toMillis(15);

    private Changes() {
    }

    /** A room message by {@code author} (an identity), sent now. */
    public static Outgoing message(String room, String user, String author, String text) {
        return new Outgoing(StreamKey.room(room), FRAMES.draft(room, user, null, text), Target.room(room), null, user,
                null, null, System.nanoTime(), author);
    }

    /** An edit ({@code text}) or delete ({@code null}) of a room's message by {@code editor} (null: the backend). */
    public static Change change(String room, Kept message, String editor, String text, long nowMillis) {
        return new Change(StreamKey.room(room), message.id(), message.offset(), editor,
                text == null ? null : FRAMES.literal(text), nowMillis, editor == null ? 0 : WINDOW_MILLIS,
                FRAMES.change(room, editor == null ? Frames.SERVICE : "ann", null, message.id(), message.offset(), text,
                        editor == null),
                editor == null ? "api" : editor, Target.room(room), null, System.nanoTime());
    }

    public static Change change(String room, Kept message, String editor, String text) {
        return change(room, message, editor, text, System.currentTimeMillis());
    }
}
