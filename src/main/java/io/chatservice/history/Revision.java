package io.chatservice.history;

/**
 * Rewrites a kept message frame after an edit or a delete, on the frame's text: the service's own JSON, whose field
 * order is fixed ({@code protocol.OutboundFrame}): {@code type} first, names and ids (which hold no quote) before
 * {@code info}, and {@code edited} and {@code deleted} last. {@code HistoryScripts.CHANGE} does the same in Lua, so
 * that both brokers keep the same frames.
 */
public final class Revision {

    static final String EDITED_END = "\"edited\":true}";
    static final String DELETED_END = "\"deleted\":true}";
    private static final String INFO = "\"info\":\"";
    private static final String TS = "\"ts\":";

    private Revision() {
    }

    /** The frame's {@code type}: {@code message}, or {@code edited}/{@code deleted} for a change kept in a stream. */
    public static String typeOf(String frame) {
        int from = "{\"type\":\"".length();
        return frame.substring(from, frame.indexOf('"', from));
    }

    public static boolean isDeleted(String frame) {
        return frame.endsWith(DELETED_END);
    }

    /** The frame's {@code ts}: when it was sent, in milliseconds since the epoch. */
    public static long tsOf(String frame) {
        int from = frame.indexOf(TS) + TS.length();
        int to = from;
        while (to < frame.length() && Character.isDigit(frame.charAt(to))) {
            to++;
        }
        return Long.parseLong(frame, from, to, 10);
    }

    /**
     * The message with a new text, marked {@code "edited":true}.
     *
     * @param info the new text as a JSON string literal, quotes included
     */
    public static String edited(String frame, String info) {
        int start = frame.indexOf(INFO);
        int end = closingQuote(frame, start + INFO.length());
        String revised = frame.substring(0, start) + "\"info\":" + info + frame.substring(end + 1);
        return revised.endsWith(EDITED_END) ? revised
                : revised.substring(0, revised.length() - 1) + ",\"edited\":true}";
    }

    /** The message's tombstone: no {@code info}, marked {@code "deleted":true}. */
    public static String tombstone(String frame) {
        int start = frame.indexOf(INFO);
        int end = closingQuote(frame, start + INFO.length());
        String revised = frame.substring(0, start - 1) + frame.substring(end + 1); // with the comma before it
        return revised.substring(0, revised.length() - 1) + ",\"deleted\":true}";
    }

    /** The quote that ends the JSON string whose text begins at {@code from}: the first one not escaped. */
    private static int closingQuote(String frame, int from) {
        int quote = frame.indexOf('"', from);
        while (true) {
            int backslashes = 0;
            for (int i = quote - 1; frame.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            if (backslashes % 2 == 0) {
                return quote;
            }
            quote = frame.indexOf('"', quote + 1);
        }
    }
}
