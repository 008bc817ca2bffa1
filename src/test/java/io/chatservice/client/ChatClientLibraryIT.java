package io.chatservice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.support.ServiceProcess;
import io.chatservice.support.Tokens;

/**
 * The client library (src/main/client) as its users get it: served by the packaged service, packed by npm, and its
 * own tests (src/test/client, Node's test runner) run against the packaged service, one in names mode and one in
 * jwt mode. Node's output goes to this test's log as it comes; a failing Node test fails this one with it.
 */
class ChatClientLibraryIT {

    private static final Path PACKAGE = Path.of("src", "main", "client");
    private static final Path TESTS = Path.of("src", "test", "client");
    private static final Duration NODE_TESTS_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(1);

    private static ServiceProcess service;

    @BeforeAll
    static void startService() {
        service = ServiceProcess.start();
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theServiceServesTheModuleAndItsDeclarations() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> module = http.send(HttpRequest.newBuilder(service.uri("/js/chat-client.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, module.statusCode());
        assertTrue(module.headers().firstValue("Content-Type").orElse("").contains("javascript"),
                module.headers().toString());
        assertTrue(module.body().contains("export class ChatClient"));
        assertEquals(200, service.status("/js/chat-client.d.ts"));
    }

    @Test
    void npmPacksTheModuleItsDeclarationsAndItsReadmeAndNothingElse() throws Exception {
        Result pack = run(List.of("npm", "pack", "--dry-run", "--json"), PACKAGE,
                Map.of("npm_config_update_notifier", "false"), NPM_TIMEOUT);
        assertEquals(0, pack.exit(), pack.output());
        Matcher json = Pattern.compile("(?ms)^\\[.*").matcher(pack.output()); // after any notice npm printed
        assertTrue(json.find(), pack.output());
        JsonNode packed = new ObjectMapper().readTree(json.group()).get(0);
        Set<String> files = new TreeSet<>();
        packed.get("files").forEach(file -> files.add(file.get("path").asText()));
        assertEquals(Set.of("README.md", "chat-client.d.ts", "chat-client.js", "package.json"), files);
        assertEquals("chat-service-client", packed.get("name").asText());
    }

    @Test
    void theLibrarysOwnTestsPassAgainstThePackagedService() throws Exception {
        try (ServiceProcess jwt = ServiceProcess.start(Map.of("chat.identity.mode", "jwt",
                "mp.jwt.verify.publickey", Tokens.publicKey(), "mp.jwt.verify.issuer", Tokens.ISSUER))) {
            List<String> command = new ArrayList<>(List.of("node"));
            if (nodeMajorVersion() < 22) {
                command.add("--experimental-websocket"); // Node 22 has the global WebSocket by default
            }
            command.addAll(List.of("--test", "--test-reporter=spec", TESTS.toString()));
            Result node = run(command, Path.of("."), Map.of(
                    "CHAT_SERVICE_URL", "http://127.0.0.1:" + service.port(),
                    "CHAT_JWT_SERVICE_URL", "http://127.0.0.1:" + jwt.port(),
                    "CHAT_JWT_PRIVATE_KEY", Base64.getEncoder().encodeToString(Tokens.privateKey().getEncoded()),
                    "CHAT_JWT_ISSUER", Tokens.ISSUER), NODE_TESTS_TIMEOUT);
            if (node.exit() != 0) {
                fail("node --test exited with " + node.exit() + ":\n" + node.output());
            }
        }
    }

    private static int nodeMajorVersion() {
        Result version = run(List.of("node", "--version"), Path.of("."), Map.of(), NPM_TIMEOUT);
        assertEquals(0, version.exit(), version.output());
        return Integer.parseInt(version.output().trim().replaceFirst("^v(\\d+)\\..*", "$1"));
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command to its end, its output (stdout and stderr) printed to this test's log line by line and kept. */
    private static Result run(List<String> command, Path directory, Map<String, String> environment,
            Duration timeout) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (the client library's tests need Node "
                    + "20 or later and npm on the PATH): " + e.getMessage(), e);
        }
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null;) {
                    System.out.println("[" + command.get(0) + "] " + line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, command.get(0) + "-output");
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                reader.join(Duration.ofSeconds(10).toMillis());
                fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + output);
            }
            reader.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted: " + command, e);
        }
        synchronized (output) {
            return new Result(process.exitValue(), output.toString());
        }
    }
}
