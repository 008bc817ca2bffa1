package io.chatservice.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import io.chatservice.bench.server.ServerSpec;

/**
 * The servers under test and the command that starts each on a given port, on loopback only.
 * <p>
 * The service runs with its abuse limits off (each {@code 0}): per-connection and per-name send rates, upgrades per
 * address per second, connections per address, per name and in all. A benchmark sends far faster than a person, from
 * few addresses, and opens several connections per name, so with the defaults it would measure refusals; off, the
 * figures stay comparable with runs from before the limits, and with the peers, which have none. A variant's own
 * options come after these, so it may turn a limit back on to measure what it costs. A build from before these
 * settings would refuse to start on keys it does not know, so unknown {@code chat.*} keys are let through.
 * <p>
 * A node of the cluster is the service with the same settings, {@code chat.broker=redis}, its Redis' address and a
 * name of its own; Redis runs as a plain process on loopback, keeping nothing on disk.
 */
final class Servers {

    static final String SERVICE = "service";

    /** Every limit of the service that the benchmark would run into, off. */
    private static final List<String> LIMITS_OFF = List.of(
            "-Dsmallrye.config.mapping.validate-unknown=false",
            "-Dchat.limits.message-rate=0",
            "-Dchat.limits.user-message-rate=0",
            "-Dchat.limits.upgrade-rate-per-address=0",
            "-Dchat.limits.rest-rate-per-address=0",
            "-Dchat.limits.address-text-rate=0",
            "-Dchat.limits.claims-per-address=0",
            "-Dchat.limits.room-joins-per-address=0",
            "-Dchat.limits.room-joins-per-user=0",
            "-Dchat.limits.max-connections-per-address=0",
            "-Dchat.limits.max-connections=0",
            "-Dchat.limits.max-connections-per-user=0");

    private Servers() {
    }

    /**
     * The service as docs/operations.md runs it: on {@code java} (the benchmark's own JVM when null), with the start-up cache
     * that its build left beside the jar, if any ({@link StartupCache}).
     */
    static ServerSpec service(String java, String jar, List<String> javaOpts) {
        String bin = java != null ? java : java();
        List<String> opts = new ArrayList<>(StartupCache.options(new File(jar).getParentFile(), bin));
        opts.addAll(javaOpts);
        return variant(SERVICE, bin, jar, opts);
    }

    /**
     * The service under another name: a candidate change to its hot path or settings, run as plain
     * {@code java -jar} on {@code java} (the benchmark's own JVM when null) with exactly the options given.
     */
    static ServerSpec variant(String name, String java, String jar, List<String> javaOpts) {
        String bin = java != null ? java : java();
        return new ServerSpec(name, port -> {
            List<String> cmd = new ArrayList<>(List.of(bin, "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + port));
            cmd.addAll(LIMITS_OFF);
            cmd.addAll(javaOpts);
            cmd.addAll(List.of("-jar", jar));
            return cmd;
        }, null, false, true).withPrivateSameAsGroup().withKeyedNames();
    }

    /** One node of the service as a cluster on the Redis at {@code redisUri}, named {@code nodeId}. */
    static ServerSpec clusterNode(String java, String jar, List<String> javaOpts, String nodeId, String redisUri) {
        String bin = java != null ? java : java();
        List<String> opts = new ArrayList<>(StartupCache.options(new File(jar).getParentFile(), bin));
        opts.addAll(javaOpts);
        opts.addAll(List.of("-Dchat.broker=redis", "-Dquarkus.redis.hosts=" + redisUri,
                "-Dchat.cluster.node-id=" + nodeId));
        return variant(nodeId, bin, jar, opts);
    }

    static ServerSpec redis(String binary) {
        return new ServerSpec("redis", port -> List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"), null, false, false);
    }

    static ServerSpec floor(String benchJar) {
        return new ServerSpec("floor", port -> List.of(java(), "-cp", benchJar,
                "io.chatservice.bench.floor.FloorServer", Integer.toString(port)), null, false, true)
                .withPrivateSameAsGroup();
    }

    static ServerSpec nodeWs(String dir) {
        return new ServerSpec("node-ws", port -> List.of("node", dir + "/server.js", Integer.toString(port)), null,
                false, false).withPrivateSameAsGroup();
    }

    /** The Node peer sending no presence and no join or leave notices: its side of the reconnect storm. */
    static ServerSpec nodeWsWithoutPresence(String dir) {
        return new ServerSpec("node-ws", port -> List.of("node", dir + "/server.js", Integer.toString(port),
                "127.0.0.1", "--no-presence"), null, false, false).withPrivateSameAsGroup();
    }

    /** The seed's two programs, on the system Python that has the Debian Flask and gevent-websocket packages. */
    static ServerSpec seed(String dir) {
        return new ServerSpec("seed",
                port -> List.of("/usr/bin/python3", dir + "/groupChat.py", Integer.toString(port)),
                port -> List.of("/usr/bin/python3", dir + "/privateChat.py", Integer.toString(port)), true, false);
    }

    private static String java() {
        return System.getProperty("java.home") + "/bin/java";
    }
}
