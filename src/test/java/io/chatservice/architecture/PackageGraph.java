package io.chatservice.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of the application uses which, read from the sources: every {@code io.chatservice...} class named
 * in an import (static or not, or a whole package with {@code .*}) or written out in code. Comments and string
 * literals are left out, as a javadoc link to another package's class is not a dependency of the code.
 */
final class PackageGraph {

    private static final String ROOT = "io.chatservice";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A qualified name: lower-case segments, then a type or {@code *}. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.chatservice(?:\\.[a-z_][\\w]*)*)\\.(?:[A-Z]\\w*|\\*)");

    /** package -> package it uses -> the uses, as {@code Class->Used} */
    private final Map<String, Map<String, Set<String>>> uses = new TreeMap<>();

    static PackageGraph of(Path sources) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(sources)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                files.put(path.getFileName().toString().replace(".java", ""), Files.readString(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(files);
    }

    /** @param sources class name -> its source */
    static PackageGraph of(Map<String, String> sources) {
        PackageGraph graph = new PackageGraph();
        sources.forEach(graph::read);
        return graph;
    }

    private void read(String className, String source) {
        String code = codeOnly(source);
        Matcher declared = PACKAGE.matcher(code);
        if (!declared.find()) {
            throw new IllegalArgumentException(className + " declares no package");
        }
        String own = declared.group(1);
        uses.computeIfAbsent(own, p -> new TreeMap<>());
        Matcher reference = REFERENCE.matcher(code);
        reference.region(declared.end(), code.length());
        while (reference.find()) {
            String used = reference.group(1);
            if (!used.equals(own)) {
                String type = reference.group().substring(used.length() + 1);
                uses.get(own).computeIfAbsent(used, p -> new TreeSet<>()).add(className + "->" + type);
            }
        }
    }

    Set<String> packages() {
        return uses.keySet();
    }

    /** The packages that use {@code used}. */
    Set<String> users(String used) {
        Set<String> users = new TreeSet<>();
        uses.forEach((user, targets) -> {
            if (targets.containsKey(used)) {
                users.add(user);
            }
        });
        return users;
    }

    /**
     * The package cycles: each strongly connected set of more than one package, described with the uses between
     * its members, e.g. {@code registry -> delivery (ChatSession->Lane)}. Empty when the packages form layers.
     */
    List<String> cycles() {
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : components()) {
            if (component.size() < 2) {
                continue;
            }
            StringBuilder cycle = new StringBuilder("cycle among " + shortNames(component) + ":");
            for (String from : component) {
                uses.get(from).forEach((to, how) -> {
                    if (component.contains(to)) {
                        cycle.append("\n  ").append(shortName(from)).append(" -> ").append(shortName(to))
                                .append(' ').append(how);
                    }
                });
            }
            cycles.add(cycle.toString());
        }
        return cycles;
    }

    /** Tarjan's strongly connected components. */
    private List<Set<String>> components() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private void connect(String node, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            Set<String> onStack, List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : uses.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            found.add(component);
        }
    }

    private static String shortNames(Set<String> packages) {
        return packages.stream().map(PackageGraph::shortName).toList().toString();
    }

    private static String shortName(String pkg) {
        return pkg.equals(ROOT) ? pkg : pkg.substring(ROOT.length() + 1);
    }

    /** The source with comments, string, text block and char literals blanked out. */
    static String codeOnly(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                code.append(' ');
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
                code.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                code.append(c).append(c);
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }
}
