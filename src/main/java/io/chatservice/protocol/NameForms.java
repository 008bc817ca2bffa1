package io.chatservice.protocol;

import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

/**
 * The Unicode side of the naming rules, so that people can tell names apart: what makes a name unreadable or
 * misleading (invisible code points, a leading combining mark, mixed scripts, mixed number systems), and the forms in
 * which names are compared. NFKC with case folding ({@link #fold}) makes {@code Alice}, {@code ALICE}, full-width and
 * mathematical letters one; the UTS #39 skeleton of that ({@link #userForm}) also makes confusables such as
 * {@code alıce} or a whole-script look-alike one. ICU4J's checkers are thread-safe once built.
 */
public final class NameForms {

    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
    /** Highly restrictive: one script, or Latin with Han and the Japanese or Korean scripts, as people write names. */
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS | SpoofChecker.INVISIBLE)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
            .build();
    private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();
    /**
     * The forms of names asked lately: a private message looks its addressee's hold up by form, several times, and a
     * skeleton costs microseconds. Emptied when full, so it never holds more than this.
     */
    private static final int MOST_FORMS_REMEMBERED = 1 << 16;
    private static final ConcurrentHashMap<String, String> FORMS = new ConcurrentHashMap<>();

    private NameForms() {
    }

    /**
     * Why people could not tell the name from another, or null. Expects a name that passed the character rules.
     *
     * @param what "username" or "room name", to start the reason with
     */
    static String problem(String what, String name) {
        if (isPlainAscii(name)) {
            return null; // one script, one number system, nothing invisible: most names, checked without ICU
        }
        int first = name.codePointAt(0);
        int type = Character.getType(first);
        if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK) {
            return what + " must begin with a letter, a digit, '_', '-' or '.', not a combining mark";
        }
        for (int i = 0; i < name.length();) {
            int cp = name.codePointAt(i);
            if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
                return what + " must not contain invisible characters (U+" + hex(cp) + ")";
            }
            i += Character.charCount(cp);
        }
        SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
        if (!CHECKER.failsChecks(name, result)) {
            return null;
        }
        if ((result.checks & SpoofChecker.RESTRICTION_LEVEL) != 0) {
            return what + " mixes scripts (" + String.join(", ", scripts(name))
                    + "), which look alike: write it in one script";
        }
        if ((result.checks & SpoofChecker.MIXED_NUMBERS) != 0) {
            return what + " mixes digits of different number systems";
        }
        return what + " repeats a combining mark, which shows as one";
    }

    /** NFKC with case folding: the form in which room names are kept and compared. */
    public static String fold(String name) {
        return isPlainAscii(name) ? name.toLowerCase(Locale.ROOT) : NFKC_CASEFOLD.normalize(name);
    }

    /**
     * The form in which usernames are compared: the UTS #39 confusable skeleton of the folded name. Two names with one
     * form are one name for holding it: only one of them can be held at a time. Never shown to anyone.
     */
    public static String userForm(String name) {
        String form = FORMS.get(name);
        if (form == null) {
            form = SKELETONS.getSkeleton(fold(name));
            if (FORMS.size() >= MOST_FORMS_REMEMBERED) {
                FORMS.clear();
            }
            FORMS.put(name, form);
        }
        return form;
    }

    /** ASCII letters, digits, '_', '-' and '.' only: what NFKC case folding only lower-cases. */
    private static boolean isPlainAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static TreeSet<String> scripts(String name) {
        TreeSet<String> names = new TreeSet<>();
        name.codePoints().forEach(cp -> {
            int script = UScript.getScript(cp);
            if (script != UScript.COMMON && script != UScript.INHERITED && script != UScript.UNKNOWN) {
                names.add(UScript.getName(script));
            }
        });
        return names;
    }

    private static String hex(int cp) {
        String digits = Integer.toHexString(cp).toUpperCase();
        return "0".repeat(Math.max(0, 4 - digits.length())) + digits;
    }
}
