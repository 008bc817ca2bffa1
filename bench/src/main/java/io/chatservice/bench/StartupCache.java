package io.chatservice.bench;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options that use the start-up cache a build of the service leaves in its application directory, as the
 * docs/operations.md runs it: the Java 25 AOT cache {@code app.aot} on a Java 25 or later, else an AppCDS archive
 * {@code app-cds.jsa}; none when there is neither. A cache only helps on the very JVM that made it (a different one
 * ignores it, with a warning); an older java would refuse the AOT option and not start, so it never gets it. The AOT
 * cache goes with compact object headers, as docs/operations.md runs it: {@code docker/aot-cache.sh} trains it with
 * them, and a JVM with the other header layout would ignore it.
 */
final class StartupCache {

    static final String AOT_CACHE = "app.aot";
    static final String APPCDS_ARCHIVE = "app-cds.jsa";

    private StartupCache() {
    }

    static List<String> options(File appDir, String java) {
        File aot = new File(appDir, AOT_CACHE);
        if (aot.isFile() && featureVersion(java) >= 25) {
            return List.of("-XX:+UseCompactObjectHeaders", "-XX:AOTCache=" + aot.getAbsolutePath());
        }
        File cds = new File(appDir, APPCDS_ARCHIVE);
        if (cds.isFile()) {
            return List.of("-XX:SharedArchiveFile=" + cds.getAbsolutePath());
        }
        return List.of();
    }

    /** @return the feature version of {@code java} (e.g. 25), or 0 when it cannot be told */
    private static int featureVersion(String java) {
        try {
            Process p = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            Matcher m = SPEC_VERSION.matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static final Pattern SPEC_VERSION = Pattern.compile("java\\.specification\\.version = (\\d+)");
}
