package io.chatservice.core;

import io.chatservice.protocol.NameForms;

/**
 * A page of online users asked for: those whose folded names ({@link NameForms#fold}) begin with {@code prefix}, after
 * the name {@code after} (a page's {@code next}), at most {@code limit}. The online users are indexed by
 * {@link #key}: the folded name, a newline (which no name holds, and which sorts before every character a name may
 * hold) and the name as its holder spells it; so the index is in the order of the folded names, and a range of it is a
 * page.
 *
 * @param prefix as the client wrote it; empty for everyone
 * @param after as the client wrote it, or null for the first page
 */
public record UserLookup(String prefix, String after, int limit) {

    /** The key of an online user in the index. */
    public static String key(String user) {
        return NameForms.fold(user) + "\n" + user;
    }

    /** The spelling a key stands for. */
    public static String user(String key) {
        return key.substring(key.indexOf('\n') + 1);
    }

    /** The lowest key of the page (inclusive): the prefix, or just past every key of {@code after}'s folded name. */
    public String from() {
        String start = NameForms.fold(prefix);
        if (after != null) {
            // U+000B sorts right after the newline: above every key of after's folded name, below every longer name.
            String past = NameForms.fold(after) + "\u000b";
            if (past.compareTo(start) > 0) {
                return past;
            }
        }
        return start;
    }

    /**
     * The key above every key that begins with the prefix (exclusive), or null when there is no prefix: the prefix
     * followed by {@code top}, a character that no name holds and above every one a name may hold in the index's order.
     */
    public String to(String top) {
        return prefix.isEmpty() ? null : NameForms.fold(prefix) + top;
    }
}
