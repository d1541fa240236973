package io.auditsearch.verify.walk;

import java.io.PrintStream;

/** What a walk prints: one {@code FAIL} line per finding, each naming the event id, and a closing count. */
final class WalkReport {
    private final PrintStream out;
    private long leaves;
    private long consistent;
    private long modified;
    private long deleted;
    private long inserted;
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

    void fail(String line) {
        other++;
        out.println("FAIL " + line);
    }

    boolean ok() {
        return modified + deleted + inserted + other == 0;
    }

    void close(int logs) {
        out.println((ok() ? "OK: " : "FAILED: ") + logs + " logs, " + leaves + " leaves, " + consistent
                + " earlier checkpoints consistent; " + modified + " modified, " + deleted + " deleted, " + inserted
                + " inserted, " + other + " other failures");
    }
}
