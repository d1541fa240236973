package io.auditsearch.verify.export;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * What an export check found: every failing line as it is met (printed at once), then the leaf
 * indexes missing from the expected range and the totals.
 */
public final class ExportReport {
    private final PrintStream out;
    private long events;
    private long failures;
    private long missing;
    private long duplicates;
    private long[] indexes = new long[1 << 16];
    private int indexCount;

    public ExportReport(PrintStream out) {
        this.out = out;
    }

    /** A failing item, printed right away: line, event id and leaf index when known, and why. */
    public void fail(long lineNumber, String eventId, long leafIndex, String why) {
        failures++;
        StringBuilder s = new StringBuilder("FAIL line ").append(lineNumber);
        if (eventId != null) {
            s.append(" event ").append(eventId);
        }
        if (leafIndex >= 0) {
            s.append(" leaf ").append(leafIndex);
        }
        out.println(s.append(": ").append(why));
    }

    /** An informational line. */
    public void note(String message) {
        out.println(message);
    }

    /** A failure of the whole file (no line to name). */
    public void failFile(String why) {
        failures++;
        out.println("FAIL " + why);
    }

    void eventSeen(long leafIndex) {
        events++;
        if (indexCount == indexes.length) {
            indexes = Arrays.copyOf(indexes, indexes.length * 2);
        }
        indexes[indexCount++] = leafIndex;
    }

    /**
     * Reports every index of {@code [from, to]} no line had, and every index two lines had.
     * With {@code from > to}, the range is the lowest to the highest index seen.
     */
    void checkRange(long from, long to) {
        long[] seen = Arrays.copyOf(indexes, indexCount);
        Arrays.sort(seen);
        if (from > to) {
            if (seen.length == 0) {
                return;
            }
            from = seen[0];
            to = seen[seen.length - 1];
        }
        long expect = from;
        for (int i = 0; i < seen.length; i++) {
            long index = seen[i];
            if (i > 0 && seen[i - 1] == index) {
                duplicates++;
                out.println("FAIL leaf " + index + " appears on more than one line");
                continue;
            }
            if (index < from || index > to) {
                continue;
            }
            if (index > expect) {
                gap(expect, index - 1);
            }
            expect = index + 1;
        }
        if (expect <= to) {
            gap(expect, to);
        }
        out.println("leaf indexes checked for completeness: " + from + "-" + to);
    }

    private void gap(long first, long last) {
        missing += last - first + 1;
        out.println("FAIL missing leaf index" + (first == last ? " " + first
                : "es " + first + "-" + last + " (" + (last - first + 1) + ": every index from " + first + " to " + last + ")"));
    }

    public long events() {
        return events;
    }

    public long failures() {
        return failures;
    }

    public long missing() {
        return missing;
    }

    public long duplicates() {
        return duplicates;
    }

    public boolean clean() {
        return failures == 0 && missing == 0 && duplicates == 0;
    }

    /** The closing line. */
    public void summary() {
        out.println((clean() ? "OK: " : "FAILED: ") + events + " events, " + failures + " failing items, "
                + missing + " missing leaf indexes, " + duplicates + " repeated leaf indexes");
    }
}
