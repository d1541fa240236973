package io.auditsearch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the service's {@code -Xlog:gc} log says: pauses (the longest, and full collections over
 * 100 ms), the most heap in use (before a collection) and the most still in use after one.
 */
record GcReport(Path log, int pauses, double maxPauseMs, int fullCollections, int longFullCollections, long maxUsedMb,
                long maxAfterMb, long committedMb) {

    // [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 301M->45M(512M) 5.123ms
    private static final Pattern PAUSE = Pattern.compile("Pause (\\w+).*?(\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");

    static GcReport read(Path log) throws IOException {
        int pauses = 0;
        int full = 0;
        int longFull = 0;
        double maxPause = 0;
        long maxUsed = 0;
        long maxAfter = 0;
        long committed = 0;
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                pauses++;
                double ms = Double.parseDouble(m.group(5));
                maxPause = Math.max(maxPause, ms);
                if (m.group(1).equals("Full")) {
                    full++;
                    longFull += ms > 100 ? 1 : 0;
                }
                maxUsed = Math.max(maxUsed, Long.parseLong(m.group(2)));
                maxAfter = Math.max(maxAfter, Long.parseLong(m.group(3)));
                committed = Math.max(committed, Long.parseLong(m.group(4)));
            }
        }
        return new GcReport(log, pauses, maxPause, full, longFull, maxUsed, maxAfter, committed);
    }

    String describe() {
        return String.format(Locale.ROOT, "service GC (-Xmx%s): %d pauses, longest %.1f ms; full GCs %d (over 100 ms: %d);"
                        + " heap used at most %d MiB before a GC, %d MiB after one; committed at most %d MiB;"
                        + " target (heap within 512 MiB, no full GC over 100 ms): %s (%s)",
                ServiceProcess.HEAP, pauses, maxPauseMs, fullCollections, longFullCollections, maxUsedMb, maxAfterMb, committedMb,
                longFullCollections == 0 && maxUsedMb <= 512 ? "met" : "NOT met", log);
    }
}
