package io.chatservice.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The packages form layers: the WebSocket endpoints and the REST resources on top, the use cases and the ports in
 * {@code core}, the back ends ({@code memory}, {@code cluster.redis}) implementing the ports, chosen in
 * {@code broker}. A cycle would tie packages together so that none could change, or be replaced, alone.
 */
class PackageCyclesTest {

    private static final PackageGraph MAIN = PackageGraph.of(Path.of("src/main/java"));

    @Test
    void thePackagesOfTheApplicationHaveNoCycle() {
        assertTrue(MAIN.packages().size() > 10, "the sources were read: " + MAIN.packages());
        List<String> cycles = MAIN.cycles();
        assertTrue(cycles.isEmpty(), () -> String.join("\n", cycles));
    }

    @Test
    void onlyTheBrokerChoiceKnowsTheBackEnds() {
        for (String backEnd : List.of("io.chatservice.memory", "io.chatservice.cluster.redis")) {
            assertTrue(MAIN.packages().contains(backEnd), backEnd);
            assertEquals(Set.of("io.chatservice.broker"), MAIN.users(backEnd), backEnd + " is used by");
        }
    }

    @Test
    void aCycleIsFoundAndNamedWithTheClassesThatMakeIt() {
        PackageGraph graph = PackageGraph.of(Map.of(
                "A", "package io.chatservice.a;\nimport io.chatservice.b.B;\nclass A { B b; }",
                "B", "package io.chatservice.b;\nclass B { io.chatservice.c.C c; }",
                "C", "package io.chatservice.c;\nimport static io.chatservice.a.A.f;\nclass C {}",
                "D", "package io.chatservice.d;\nimport io.chatservice.a.A;\nclass D {}"));

        assertEquals(List.of("cycle among [a, b, c]:\n  a -> b [A->B]\n  b -> c [B->C]\n  c -> a [C->A]"),
                graph.cycles());
    }

    @Test
    void commentsAndStringsAreNotUses() {
        PackageGraph graph = PackageGraph.of(Map.of(
                "A", "package io.chatservice.a;\n/** {@link io.chatservice.b.B} */\nclass A {\n"
                        + "  // io.chatservice.b.B\n  String s = \"io.chatservice.b.B\";\n}",
                "B", "package io.chatservice.b;\nimport io.chatservice.a.*;\nclass B {}"));

        assertEquals(List.of(), graph.cycles());
        assertEquals(Set.of("io.chatservice.b"), graph.users("io.chatservice.a"));
    }
}
