package io.chatservice.protocol;

import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;

/**
 * The rules for what a client may send: names of users and rooms, and message text.
 */
@Singleton
public class InputRules {

    private final ChatConfig.Limits limits;

    public InputRules(ChatConfig config) {
        this.limits = config.limits();
    }

    public void checkUsername(String name) throws ProtocolException {
        String problem = nameProblem("username", name, limits.maxUsernameLength());
        if (problem != null) {
            throw new ProtocolException(ErrorCode.INVALID_USERNAME, problem);
        }
    }

    /**
     * Returns the user a field names, refusing an absent name ({@code MISSING_RECIPIENT}, with {@code missing} as the
     * reason) or an invalid one (the reason starts with the field; the error names the user).
     */
    public String requireUser(String field, String name, String missing) throws ProtocolException {
        if (name == null || name.isEmpty()) {
            throw new ProtocolException(ErrorCode.MISSING_RECIPIENT, missing);
        }
        String problem = nameProblem("username", name, limits.maxUsernameLength());
        if (problem != null) {
            throw ProtocolException.aboutUser(ErrorCode.INVALID_USERNAME, field + ": " + problem, name);
        }
        return name;
    }

    /**
     * Checks a room name and returns the room it names: its NFKC case-folded form ({@link NameForms#fold}), so that
     * {@code Lobby} and {@code ｌｏｂｂｙ} are the room {@code lobby}.
     */
    public String checkRoom(String room) throws ProtocolException {
        String problem = nameProblem("room name", room, limits.maxRoomLength());
        if (problem == null) {
            String folded = NameForms.fold(room);
            // Folding can expand a letter (a ligature) past the length or into characters no name may hold.
            problem = folded.equals(room) ? null : nameProblem("room name (as " + folded + ")", folded,
                    limits.maxRoomLength());
            if (problem == null) {
                return folded;
            }
        }
        throw new ProtocolException(ErrorCode.INVALID_ROOM, problem);
    }

    /**
     * Checks a name a client asks about (in {@code watch}), refusing one no user can have with
     * {@code INVALID_USERNAME}, naming it.
     */
    public String checkNamed(String field, String name) throws ProtocolException {
        String problem = nameProblem("username", name, limits.maxUsernameLength());
        if (problem != null) {
            throw ProtocolException.aboutUser(ErrorCode.INVALID_USERNAME, field + ": " + problem, name);
        }
        return name;
    }

    /**
     * Checks what the names a lookup finds begin with (or where a page goes on from): something a name can begin
     * with, so characters a name may hold, the first not a combining mark, and no more of them than a name has.
     * Empty is allowed where {@code mayBeEmpty}. {@code INVALID_FIELD} otherwise.
     */
    public String checkPrefix(String field, String prefix, boolean mayBeEmpty) throws ProtocolException {
        if (prefix.isEmpty()) {
            if (mayBeEmpty) {
                return prefix;
            }
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' must not be empty");
        }
        String problem = prefix.codePointCount(0, prefix.length()) > limits.maxUsernameLength()
                ? "no name is longer than " + limits.maxUsernameLength() + " characters"
                : !startsAName(prefix) ? "names hold only letters, digits, '_', '-' and '.', and begin with no mark"
                : null;
        if (problem != null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' cannot begin a name: " + problem);
        }
        return prefix;
    }

    private static boolean startsAName(String prefix) {
        for (int i = 0; i < prefix.length();) {
            int cp = prefix.codePointAt(i);
            if (!allowedInName(cp)) {
                return false;
            }
            int type = Character.getType(cp);
            if (i == 0 && (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Returns the text of a chat message, refusing one that is empty or over the limit. */
    public String requireText(String info) throws ProtocolException {
        if (info == null || isBlank(info)) {
            throw new ProtocolException(ErrorCode.EMPTY_TEXT, "'info' must hold the message text");
        }
        int bytes = utf8Length(info);
        if (bytes > limits.maxTextBytes()) {
            throw new ProtocolException(ErrorCode.TEXT_TOO_LONG,
                    "text is " + bytes + " bytes; the limit is " + limits.maxTextBytes());
        }
        return info;
    }

    /**
     * Letters and digits of any script, combining marks, '_', '-' and '.': nothing that is markup, white space or a
     * control character, so a name is safe in a URL path, a log line and a page. Not "." or "..": a browser resolves
     * such a path segment away ({@code /groupchat/..} is {@code /}), so that name could never connect. And nothing
     * that makes it look like another name ({@link NameForms#problem}).
     */
    static String nameProblem(String what, String name, int maxLength) {
        if (name == null || name.isEmpty()) {
            return what + " must not be empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return what + " must not be '.' or '..', which a URL path cannot hold";
        }
        int length = name.codePointCount(0, name.length());
        if (length > maxLength) {
            return what + " must be at most " + maxLength + " characters";
        }
        for (int i = 0; i < name.length();) {
            int cp = name.codePointAt(i);
            if (!allowedInName(cp)) {
                return what + " may contain only letters, digits, '_', '-' and '.'";
            }
            i += Character.charCount(cp);
        }
        return NameForms.problem(what, name);
    }

    private static boolean allowedInName(int cp) {
        if (Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '.') {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /**
     * Only white space in Unicode's sense (U+00A0 and U+3000 too), or what Java counts as white space: a message that
     * would show as nothing.
     */
    private static boolean isBlank(String text) {
        return text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85);
    }

    /**
     * The bytes the text takes on the wire, as {@link String#getBytes} with UTF-8 and Netty, which writes the frames,
     * encode it: a lone surrogate (a client can send one as a JSON escape) becomes '?', one byte.
     */
    public static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
