package io.chatservice.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel says a process has used: the figures that do not depend on the process telling the truth. */
public final class Proc {

    /** Clock ticks per second of utime and stime; 100 on every Linux this runs on (getconf CLK_TCK). */
    public static final long TICKS_PER_SECOND = 100;

    private Proc() {
    }

    /** utime + stime of every thread of the process so far, in clock ticks (10 ms). */
    public static long cpuTicks(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return -1;
        }
        // The command name may hold spaces and parentheses: fields are counted after its closing parenthesis.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * Busy time of the whole machine so far, every core summed, in clock ticks: user, nice, system, irq, softirq and
     * steal from the first line of /proc/stat (idle and iowait left out); -1 if unreadable.
     */
    public static long machineBusyTicks() {
        String stat = read(Path.of("/proc/stat"));
        if (stat == null || !stat.startsWith("cpu ")) {
            return -1;
        }
        String[] f = stat.substring(4, stat.indexOf('\n')).trim().split(" +");
        long busy = 0;
        for (int i : new int[] {0, 1, 2, 5, 6, 7}) {
            busy += Long.parseLong(f[i]);
        }
        return busy;
    }

    /** Resident set size in KiB, or -1 once the process is gone. */
    public static long rssKiB(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    public static long selfPid() {
        return ProcessHandle.current().pid();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            return null;
        }
    }
}
