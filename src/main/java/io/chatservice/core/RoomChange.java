package io.chatservice.core;

/**
 * A room's coming or going as it travels between nodes: {@code +alice} or {@code -alice}, not a client frame, since
 * each node gathers them and makes the frames its members get
 * ({@link io.chatservice.delivery.RoomNotices}). The first character is the
 * sign and the rest the name as its holder spells it.
 */
public final class RoomChange {

    private RoomChange() {
    }

    public static String joined(String user) {
        return "+" + user;
    }

    public static String left(String user) {
        return "-" + user;
    }

    public static boolean isValid(String event) {
        return event != null && event.length() > 1 && (event.charAt(0) == '+' || event.charAt(0) == '-');
    }

    public static boolean isJoin(String event) {
        return event.charAt(0) == '+';
    }

    public static String user(String event) {
        return event.substring(1);
    }
}
