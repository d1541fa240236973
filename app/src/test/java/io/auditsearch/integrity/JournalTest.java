package io.auditsearch.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.event.PreparedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class JournalTest {

    @TempDir
    Path dir;

    @Test
    void integratedLeavesFindsEachIdInItsOwnLogOnly() throws Exception {
        Path file = dir.resolve("journal.db");
        try (Journal journal = new Journal(file)) {
            journal.record(events("a", 300)).get(30, TimeUnit.SECONDS);
            journal.record(events("b", 300)).get(30, TimeUnit.SECONDS);
            List<JournalEntry> pending = journal.pending(1000);
            assertEquals(600, pending.size());
            Map<Long, Long> logA = new HashMap<>();
            Map<Long, Long> logB = new HashMap<>();
            for (JournalEntry e : pending) {
                // the last 10 of each run stay pending
                if (e.id().startsWith("a-") && index(e.id()) < 290) {
                    logA.put(e.seq(), (long) index(e.id()));
                } else if (e.id().startsWith("b-") && index(e.id()) < 290) {
                    logB.put(e.seq(), (long) index(e.id()));
                }
            }
            journal.integrated("log-a", logA, Map.of());
            journal.integrated("log-b", logB, Map.of());

            Map<String, Long> found = journal.integratedLeaves("log-a", List.of("a-0", "a-17", "a-289", "a-290", "b-5"));
            assertEquals(Map.of("a-0", 0L, "a-17", 17L, "a-289", 289L), found, "integrated ids of log-a only, with their leaves");
            assertEquals(Map.of("b-5", 5L), journal.integratedLeaves("log-b", List.of("a-5", "b-5", "b-299")));
            assertEquals(20, journal.pendingCount());
        }
    }

    @Test
    void theLeafOfAnIdIsLookedUpThroughTheIdIndexNotByReadingTheLog() throws Exception {
        Path file = dir.resolve("journal.db");
        try (Journal journal = new Journal(file)) {
            journal.record(events("a", 10)).get(30, TimeUnit.SECONDS);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement q = c.prepareStatement("EXPLAIN QUERY PLAN " + Journal.LEAF_OF_ID)) {
            q.setString(1, "a-1");
            q.setString(2, "log-a");
            StringBuilder plan = new StringBuilder();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    plan.append(r.getString(4)).append('\n');
                }
            }
            assertTrue(plan.toString().contains("USING INDEX journal_id (id=?)"), plan::toString);
        }
    }

    private static int index(String id) {
        return Integer.parseInt(id.substring(2));
    }

    private static List<PreparedEvent> events(String prefix, int n) {
        List<PreparedEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + "-" + i;
            out.add(new PreparedEvent(id, "audit-events-2026.12.06", Instant.now(),
                    ("{\"event\":{\"id\":\"" + id + "\"}}").getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
