package io.chatservice.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The live heap of a JVM after a full collection, read with jcmd. */
public final class JvmHeap {

    /**
     * What each part of the heap uses: G1's one line, or the young and old generations of the Serial and Parallel
     * collectors, which add up; not metaspace, whose line says "used" too.
     */
    private static final Pattern USED = Pattern.compile("(?m)^\\s*(?:garbage-first heap|def new generation"
            + "|tenured generation|DefNew|Tenured|PSYoungGen|ParOldGen)\\s+total [^\\n]*?used (\\d+)K");
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private JvmHeap() {
    }

    /**
     * Heap used after {@code GC.run} in KiB, or -1 if jcmd could not tell: G1's one figure, or the sum of the young
     * and the old generation of the Serial and Parallel collectors (Java 17's names and Java 25's); never metaspace,
     * whose line says "used" too.
     */
    public static long usedAfterFullGcKiB(long pid) {
        try {
            jcmd(pid, "GC.run");
            return used(jcmd(pid, "GC.heap_info"));
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The heap used in KiB as {@code GC.heap_info} tells it, or -1 if it does not. */
    static long used(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        long used = -1;
        while (m.find()) {
            used = Math.max(used, 0) + Long.parseLong(m.group(1));
        }
        return used;
    }

    /**
     * The bytes of every object still reachable, in KiB, or -1 if jcmd could not tell: the total of
     * {@code GC.class_histogram}, which collects fully first. Unlike {@link #usedAfterFullGcKiB} it counts no space
     * the JVM's threads claimed after the collection (each thread's next allocation buffer, sized by how much it
     * allocated lately: a MiB or more after a burst of messages), so that a difference of a few MiB between two
     * moments is not lost in it.
     */
    public static long liveObjectsKiB(long pid) {
        try {
            Matcher m = TOTAL.matcher(jcmd(pid, "GC.class_histogram"));
            return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
