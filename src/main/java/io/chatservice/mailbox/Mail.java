package io.chatservice.mailbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.chatservice.core.StreamKey;

/**
 * What a user's mailbox held when it was opened: its letters, oldest first (each conversation's in offset order).
 *
 * @param box the mailbox's id with {@code chat.broker=redis}, so that what is emptied is this mailbox and not one
 *        made after it for another holder of the name; null in memory
 */
public record Mail(String box, List<Letter> letters) {

    public static final Mail EMPTY = new Mail(null, List.of());

    public boolean isEmpty() {
        return letters.isEmpty();
    }

    /**
     * Per conversation, the offset of its newest letter: what a connection that was sent them has seen. The newest,
     * not the highest: a conversation whose history was lost meanwhile starts again at 1, in a new epoch.
     */
    public Map<StreamKey, Long> latest() {
        Map<StreamKey, Long> latest = new HashMap<>(4);
        for (Letter letter : letters) {
            latest.put(letter.stream(), letter.kept().offset());
        }
        return latest;
    }
}
