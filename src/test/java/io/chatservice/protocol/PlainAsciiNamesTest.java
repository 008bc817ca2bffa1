package io.chatservice.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;

import org.junit.jupiter.api.Test;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

/** Plain ASCII names skip ICU on the message path: they must come out as ICU would have them. */
class PlainAsciiNamesTest {

    private static final String ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";
    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS | SpoofChecker.INVISIBLE)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
            .build();
    private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();

    @Test
    void plainAsciiNamesAreFoldedCheckedAndFormedAsIcuDoes() {
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder name = new StringBuilder();
            for (int i = 1 + random.nextInt(32); i > 0; i--) {
                name.append(ASCII.charAt(random.nextInt(ASCII.length())));
            }
            String s = name.toString();
            assertEquals(NFKC_CASEFOLD.normalize(s), NameForms.fold(s), s);
            assertFalse(CHECKER.failsChecks(s), s);
            assertNull(NameForms.problem("username", s), s);
            assertEquals(SKELETONS.getSkeleton(NFKC_CASEFOLD.normalize(s)), NameForms.userForm(s), s);
        }
    }

    @Test
    void aRememberedFormIsTheSameAsAFreshOne() {
        String name = "Ａlice";
        String first = NameForms.userForm(name);
        assertEquals(first, NameForms.userForm(name));
        assertEquals(NameForms.userForm("alice"), first);
    }
}
