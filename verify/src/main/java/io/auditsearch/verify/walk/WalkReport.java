package io.auditsearch.verify.walk;

import java.io.PrintStream;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a walk prints: one {@code FAIL} line per finding, each naming the event id, the retention
 * records and what they cover (not failures), and a closing count.
 */
final class WalkReport {
    private final PrintStream out;
    private long leaves;
    private long consistent;
    private long modified;
    private long deleted;
    private long inserted;
    private long byPolicy;
    private long other;

    WalkReport(PrintStream out) {
        this.out = out;
    }

    void leaf() {
        leaves++;
    }

    void consistent() {
        consistent++;
    }

    void modified(String log, long leaf, String id) {
        modified++;
        out.println("FAIL modified event " + id + ": log " + log + " leaf " + leaf + " (the stored event is not the logged one)");
    }

    void deleted(String log, long leaf, String id) {
        deleted++;
        out.println("FAIL deleted event " + id + ": log " + log + " leaf " + leaf + " (logged, not in Elasticsearch)");
    }

    void inserted(String id, String index) {
        inserted++;
        out.println("FAIL inserted event " + id + ": in " + index + ", in no log");
    }

    /** The verified service records, and the missing events their deletion records cover, by index. */
    void records(long deletions, long holdsSet, long holdsReleased, Map<String, Long> deletedByIndex) {
        byPolicy = deletedByIndex.values().stream().mapToLong(Long::longValue).sum();
        out.println("retention records: " + deletions + " index deletions, " + holdsSet + " legal holds set, " + holdsReleased
                + " released");
        StringBuilder line = new StringBuilder("deleted by retention policy: " + byPolicy);
        if (!deletedByIndex.isEmpty()) {
            StringJoiner each = new StringJoiner(", ", " (", ")");
            deletedByIndex.forEach((index, n) -> each.add(index + ": " + n));
            line.append(each);
        }
        out.println(line);
    }

    void fail(String line) {
        other++;
        out.println("FAIL " + line);
    }

    boolean ok() {
        return modified + deleted + inserted + other == 0;
    }

    void close(int logs) {
        out.println((ok() ? "OK: " : "FAILED: ") + logs + " logs, " + leaves + " leaves, " + consistent
                + " earlier checkpoints consistent; " + modified + " modified, " + deleted + " deleted, " + byPolicy
                + " deleted by retention policy, " + inserted
                + " inserted, " + other + " other failures");
    }
}
