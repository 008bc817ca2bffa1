package io.chatservice.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The processes the tests start ({@code redis-server}, {@code redis-cli}, the packaged service): output to a log file,
 * a stop that cannot hang, and the last lines of the log for a failure message. None outlives the JVM: a shutdown hook
 * kills what is still running, since a leftover server would keep its port, and its data, into the next run. (No hook
 * runs when the JVM itself is killed with SIGKILL.)
 */
final class ChildProcesses {

    private static final Duration EXIT_AFTER_KILL = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 40;
    private static final Set<Process> running = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "kill-test-processes"));
    }

    private ChildProcesses() {
    }

    /** Plain loops only: at JVM exit, Quarkus may have closed the class loader this class came from. */
    private static void killAll() {
        for (Process process : running) {
            process.destroyForcibly();
        }
    }

    /** Starts a long-running process with its output (stdout and stderr) appended to {@code log}. */
    static Process start(List<String> command, Path log) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process.getOutputStream().close();
            running.add(process);
            process.onExit().thenRun(() -> running.remove(process));
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a short command to its end and gives its stdout, trimmed. A non-zero exit, or not finishing in
     * {@code timeout}, throws with what it wrote to stderr.
     */
    static String run(List<String> command, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("command-", ".out");
            err = Files.createTempFile("command-", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            process.getOutputStream().close(); // nothing to read: a command that prompts ends instead of hanging
            running.add(process);
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                            + "; stderr: " + Files.readString(err).trim());
                }
            } finally {
                running.remove(process);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ": " + Files.readString(err).trim() + " " + Files.readString(out).trim());
            }
            return Files.readString(out).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** SIGTERM, and SIGKILL if the process is still there after {@code grace}. Returns once it has exited. */
    static void stop(Process process, Duration grace) {
        process.destroy();
        if (!waitFor(process, grace)) {
            kill(process);
        }
    }

    /**
     * SIGKILL at once ({@link Process#destroyForcibly()} sends SIGKILL on Linux: the exit value is 137), as a crash or
     * an OOM kill would end it. Returns once it has exited.
     */
    static void kill(Process process) {
        process.destroyForcibly();
        if (!waitFor(process, EXIT_AFTER_KILL)) {
            throw new IllegalStateException("process " + process.pid() + " still runs after SIGKILL");
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true if it did. */
    static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The log's last lines, for a failure message. */
    static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind does no harm
            }
        }
    }
}
