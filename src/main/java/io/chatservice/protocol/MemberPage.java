package io.chatservice.protocol;

import java.util.Comparator;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A page of the members of a room (or of the private channel), in name order.
 *
 * @param count the members in all, not only on this page
 * @param users at most the page's limit, sorted by {@link #ORDER}
 * @param next the last name of the page when more follow it: where the next page goes on from; null on the last
 */
@RegisterForReflection
public record MemberPage(int count, List<String> users, String next) {

    public static final MemberPage EMPTY = new MemberPage(0, List.of(), null);

    /**
     * Names by code point, which is the byte order of their UTF-8 and so the order Redis pages a sorted set in: both
     * brokers page the same way. ({@link String#compareTo} orders by UTF-16 unit, which differs above U+FFFF.)
     */
    public static final Comparator<String> ORDER = MemberPage::compareCodePoints;

    /**
     * Cuts a page from up to {@code limit + 1} names read past the cursor: the extra one only says that more follow.
     */
    public static MemberPage of(int count, List<String> readOneMore, int limit) {
        if (readOneMore.size() <= limit) {
            return new MemberPage(count, List.copyOf(readOneMore), null);
        }
        List<String> page = List.copyOf(readOneMore.subList(0, limit));
        return new MemberPage(count, page, page.isEmpty() ? null : page.get(page.size() - 1));
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
