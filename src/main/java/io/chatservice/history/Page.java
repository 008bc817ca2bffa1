package io.chatservice.history;

import java.util.List;

/**
 * Some of a stream's history, oldest first.
 *
 * @param epoch the stream's epoch; null when the stream has no history (never written, or expired)
 * @param latest the offset of the stream's newest message, 0 if none
 * @param messages oldest first
 * @param recovered for a recovery ({@link io.chatservice.core.HistoryReads#after}): whether {@code messages} is exactly
 *        what the client        missed; always true for other reads
 */
public record Page(String epoch, long latest, List<Kept> messages, boolean recovered) {

    public static final Page NONE = new Page(null, 0, List.of(), true);

    public boolean exists() {
        return epoch != null;
    }
}
