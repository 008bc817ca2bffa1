package io.chatservice.support;

import java.util.List;

/**
 * The options of the JVMs that run the packaged service in the tests, which start it dozens of times a run: with them
 * a start takes about two thirds of the CPU time it takes with the JVM's defaults.
 * <ul>
 * <li>{@code -XX:TieredStopAtLevel=1}: C1 alone. A test's service lives for seconds, which C2's compilations do not
 * pay back.</li>
 * <li>{@code -XX:+UseSerialGC}, the collector the JVM picks itself in a container of less than 1792 MiB, such as the
 * pod's 768 MiB (here it would pick G1).</li>
 * </ul>
 * A test that gives JVM options of its own gets those alone.
 */
final class ServiceJvm {

    private static final List<String> QUICK = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private ServiceJvm() {
    }

    /**
     * The options for a JVM that runs the service: these, or only the test's own if it gives any (a flood that sizes
     * the heap measures the JVM as it runs in production, with both compilers and the collector it picks).
     */
    static List<String> options(List<String> given) {
        return given.isEmpty() ? QUICK : given;
    }
}
