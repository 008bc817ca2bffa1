package io.chatservice.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds pom.xml's two surefire executions against the tags in the test sources. The `later` execution is given only
 * the files of tagged classes (Quarkus builds an application for the profile of every class it is given, tagged or
 * not), so a class tagged for it but not listed would run in neither lane; and a tagged class whose test profile no
 * quick-lane class shares would cost the quick lane an application build unless it is excluded there by name.
 */
class LaneSetupTest {

    private static final Path POM = Path.of("pom.xml");
    private static final Path TESTS = Path.of("src", "test", "java");
    private static final Pattern LATER_TAG = Pattern.compile("@Tag\\(\"(browser|cluster|slow)\"\\)");
    /** A class's own tag: at the start of a line, where a method's would be indented. */
    private static final Pattern CLASS_TAG = Pattern.compile("(?m)^@Tag\\(\"(browser|cluster|slow)\"\\)");
    private static final Pattern PROFILE = Pattern.compile("@TestProfile\\(([\\w.]+)\\.class\\)");

    /** Test sources by their path under src/test/java, with '/' separators. */
    private static Map<String, String> sources;
    private static List<String> laterIncludes;
    private static List<String> quickExcludes;

    @BeforeAll
    static void read() throws IOException {
        sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TESTS)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                try {
                    sources.put(TESTS.relativize(file).toString().replace('\\', '/'), Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        String pom = Files.readString(POM);
        laterIncludes = patterns(execution(pom, "later"), "include");
        quickExcludes = patterns(execution(pom, "default-test"), "exclude");
    }

    @Test
    void everyClassTaggedForTheLaterLaneIsGivenToIt() {
        List<String> missing = new ArrayList<>();
        sources.forEach((path, text) -> {
            if (!isIntegrationTest(path) && LATER_TAG.matcher(text).find() && !matchesAny(laterIncludes, path)) {
                missing.add(path);
            }
        });
        assertEquals(List.of(), missing, "tagged browser, cluster or slow, but not in the later execution's <includes>");
    }

    @Test
    void everyPatternOfTheLaterLaneNamesATaggedClass() {
        assertFalse(laterIncludes.isEmpty(), "the later execution lists its files");
        List<String> stale = new ArrayList<>();
        for (String include : laterIncludes) {
            boolean used = sources.entrySet().stream().anyMatch(source -> glob(include).matcher(source.getKey()).matches()
                    && LATER_TAG.matcher(source.getValue()).find());
            if (!used) {
                stale.add(include);
            }
        }
        assertEquals(List.of(), stale, "<includes> of the later execution that hold no tagged class");
    }

    @Test
    void aTaggedClassWithAProfileOfItsOwnIsLeftOutOfTheQuickLaneByName() {
        Set<String> quickProfiles = new TreeSet<>();
        sources.forEach((path, text) -> {
            if (!isIntegrationTest(path) && !CLASS_TAG.matcher(text).find()) {
                profiles(text).forEach(quickProfiles::add);
            }
        });
        List<String> costly = new ArrayList<>();
        sources.forEach((path, text) -> {
            if (!isIntegrationTest(path) && CLASS_TAG.matcher(text).find() && !matchesAny(quickExcludes, path)
                    && profiles(text).stream().anyMatch(profile -> !quickProfiles.contains(profile))) {
                costly.add(path);
            }
        });
        assertEquals(List.of(), costly, "tagged classes whose profile the quick lane would build for nothing");
    }

    @Test
    void theGlobsMatchAsSurefireMatchesThem() {
        assertTrue(glob("**/*BrowserTest.java").matcher("io/chatservice/page/ChatPageBrowserTest.java").matches());
        assertFalse(glob("**/*BrowserTest.java").matcher("io/chatservice/page/ChatPageResourceTest.java").matches());
        assertTrue(glob("**/DeadPeerTest.java").matcher("io/chatservice/lifecycle/DeadPeerTest.java").matches());
        assertFalse(glob("**/DeadPeerTest.java").matcher("io/chatservice/lifecycle/NotDeadPeerTest.java").matches());
        assertTrue(glob("**/*$*").matcher("io/chatservice/ws/Outer$Inner.class").matches());
    }

    private static boolean isIntegrationTest(String path) {
        return path.endsWith("IT.java"); // failsafe's, whatever their tags
    }

    private static List<String> profiles(String text) {
        List<String> found = new ArrayList<>();
        Matcher profile = PROFILE.matcher(text);
        while (profile.find()) {
            found.add(profile.group(1));
        }
        return found;
    }

    private static boolean matchesAny(List<String> globs, String path) {
        return globs.stream().anyMatch(pattern -> glob(pattern).matcher(path).matches());
    }

    /** Ant-style, as surefire reads its includes: '**' any directories, '*' any characters within a name. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** The first execution with this id: the main build's, not a profile's. */
    private static String execution(String pom, String id) {
        int start = pom.indexOf("<id>" + id + "</id>");
        assertTrue(start >= 0, "pom.xml has the surefire execution " + id);
        return pom.substring(start, pom.indexOf("</execution>", start));
    }

    private static List<String> patterns(String execution, String element) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(execution);
        while (matcher.find()) {
            found.add(matcher.group(1).trim());
        }
        return found;
    }
}
