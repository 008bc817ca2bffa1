package io.chatservice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation findable: a README that fits on a screen and leads to every document, and no relative
 * link in it or in docs/ that leads nowhere. Plain JUnit: it reads the Markdown files.
 */
class DocumentationTest {

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final int README_MAX_LINES = 200;

    /** An inline link or image, {@code [text](target)} or {@code [text](target "title")}: group 1 is the target. */
    private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** A target with a scheme ({@code https:}, {@code mailto:}) is not a file of the repository. */
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void theReadmeFitsOnAScreen() throws IOException {
        int lines = Files.readAllLines(README, StandardCharsets.UTF_8).size();

        assertTrue(lines <= README_MAX_LINES,
                "README.md has " + lines + " lines; keep it within " + README_MAX_LINES + " and move the rest to docs/");
    }

    @Test
    void everyRelativeLinkLeadsToAFileThatExists() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : documents()) {
            for (String target : relativeLinks(file)) {
                Path resolved = file.toAbsolutePath().getParent().resolve(target).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(file + " links to " + target + ", which does not exist");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theReadmeLinksEveryDocument() throws IOException {
        Set<Path> linked = relativeLinks(README).stream()
                .map(target -> Path.of(target).normalize())
                .collect(Collectors.toSet());
        Set<String> unlinked = new TreeSet<>();
        for (Path doc : markdownIn(DOCS)) {
            if (!linked.contains(doc.normalize())) {
                unlinked.add(doc.toString());
            }
        }
        assertEquals(Set.of(), unlinked, "documents in docs/ that README.md does not link to");
    }

    @Test
    void theLinkReaderFindsLinksAndSkipsCode() {
        List<String> found = relativeLinks(List.of(
                "See [the protocol](docs/protocol.md), [a section](docs/api.md#rest \"REST\") and <https://quarkus.io>.",
                "![chart](benchmark-fanout-latency.png) [out](https://example.com) [here](#top)",
                "```",
                "[not a link](nowhere.md)",
                "```",
                "`[nor this](nowhere.md)` but [this](../src/test/resources/fuzz/README.md)"));

        assertEquals(List.of("docs/protocol.md", "docs/api.md", "benchmark-fanout-latency.png",
                "../src/test/resources/fuzz/README.md"), found);
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(README);
        documents.addAll(markdownIn(DOCS));
        assertTrue(documents.size() > 1, "no Markdown files in docs/");
        return documents;
    }

    private static List<Path> markdownIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }

    private static List<String> relativeLinks(Path file) throws IOException {
        return relativeLinks(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** The relative targets of a Markdown text's links, without their {@code #fragment}, outside code. */
    static List<String> relativeLinks(List<String> lines) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (link.find()) {
                String target = link.group(1);
                int fragment = target.indexOf('#');
                if (fragment >= 0) {
                    target = target.substring(0, fragment);
                }
                if (!target.isEmpty() && !SCHEME.matcher(target).find()) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }
}
