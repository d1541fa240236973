package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class DiskBufferTest {

    @TempDir
    Path dir;

    private static List<AuditEvent> events(int from, int to) {
        return IntStream.range(from, to).mapToObj(TestEvents::login).toList();
    }

    private static List<String> ids(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::id).toList();
    }

    /** Reads everything back, committing as a sender would. */
    private static List<String> drain(DiskBuffer buffer, int batch) {
        List<String> out = new ArrayList<>();
        for (List<AuditEvent> read = buffer.read(batch); !read.isEmpty(); read = buffer.read(batch)) {
            out.addAll(ids(read));
            buffer.commit(read.size());
        }
        return out;
    }

    @Test
    void readsBackInOrderAcrossSegmentsAndDeletesOnlyWhatWasCommitted() throws Exception {
        DiskBuffer buffer = new DiskBuffer(dir, 10_000_000, 2_000); // small segments: a few events each
        List<AuditEvent> written = events(0, 50);
        for (int i = 0; i < 50; i += 7) {
            assertTrue(buffer.append(written.subList(i, Math.min(50, i + 7))));
        }
        int segments = buffer.segmentFiles().size();
        assertTrue(segments > 3, "several segments: " + segments);
        assertEquals(Files.size(buffer.segmentFiles().get(0)) > 0, true);

        List<AuditEvent> first = buffer.read(5);
        assertEquals(ids(written.subList(0, first.size())), ids(first));
        assertEquals(segments, buffer.segmentFiles().size(), "nothing deleted before a commit");
        assertEquals(ids(first), ids(buffer.read(5)), "read again without a commit: the same events");
        buffer.commit(first.size());

        List<String> rest = drain(buffer, 5);
        assertEquals(ids(written.subList(first.size(), 50)), rest);
        assertTrue(buffer.isEmpty());
        assertEquals(0, buffer.bytes());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "every delivered segment deleted");
        }
    }

    @Test
    void aNewProcessReplaysWhatTheLastOneLeftInOrderThenWhatItAddsItself() throws Exception {
        DiskBuffer crashed = new DiskBuffer(dir, 10_000_000, 1_500);
        List<AuditEvent> before = events(0, 30);
        assertTrue(crashed.append(before.subList(0, 10)));
        assertTrue(crashed.append(before.subList(10, 30)));
        List<AuditEvent> delivered = crashed.read(4);
        crashed.commit(delivered.size()); // part of the first segment delivered, then the process dies (no close)

        DiskBuffer restarted = new DiskBuffer(dir, 10_000_000, 1_500);
        List<AuditEvent> after = events(30, 35);
        assertTrue(restarted.append(after));
        List<String> replayed = drain(restarted, 3);
        List<String> expected = new ArrayList<>(ids(before));
        expected.addAll(ids(after));
        // the first segment was not finished: it is sent again whole (the service answers duplicate)
        assertEquals(expected, replayed);
        assertTrue(restarted.isEmpty());
    }

    @Test
    void aLineCutShortByACrashIsSkippedAndTheRestIsKept() throws Exception {
        DiskBuffer buffer = new DiskBuffer(dir, 10_000_000, 1_000_000);
        List<AuditEvent> written = events(0, 3);
        assertTrue(buffer.append(written));
        Path segment = buffer.segmentFiles().get(0);
        buffer.close();
        String half = TestEvents.login(99).toJson().substring(0, 40);
        Files.writeString(segment, half, StandardOpenOption.APPEND); // a crash in the middle of a write

        DiskBuffer restarted = new DiskBuffer(dir, 10_000_000, 1_000_000);
        assertEquals(ids(written), drain(restarted, 10));
        assertTrue(restarted.isEmpty());
    }

    @Test
    void anUnreadableLineIsSkippedAndTheLinesAroundItAreKept() throws Exception {
        DiskBuffer buffer = new DiskBuffer(dir, 10_000_000, 1_000_000);
        List<AuditEvent> written = events(0, 4);
        assertTrue(buffer.append(written.subList(0, 2)));
        Path segment = buffer.segmentFiles().get(0);
        buffer.close();
        Files.writeString(segment, "{not json\n", StandardOpenOption.APPEND); // a damaged disk block, an editor's slip
        Files.write(segment, BulkTransport.ndjson(written.subList(2, 4)), StandardOpenOption.APPEND);

        DiskBuffer restarted = new DiskBuffer(dir, 10_000_000, 1_000_000);
        assertEquals(ids(written), drain(restarted, 10));
    }

    @Test
    void refusesWhatWouldGoBeyondItsMaximumAndKeepsNothingOfIt() throws Exception {
        List<AuditEvent> batch = events(0, 10);
        long size = BulkTransport.ndjson(batch).length;
        DiskBuffer buffer = new DiskBuffer(dir, size + 10, 1_000_000);
        assertTrue(buffer.append(batch));
        assertFalse(buffer.append(events(10, 11)));
        assertEquals(size, buffer.bytes());
        assertEquals(size, Files.size(buffer.segmentFiles().get(0)));
        assertEquals(ids(batch), drain(buffer, 100));
        assertTrue(buffer.append(events(10, 11)), "room again once delivered");
    }

    @Test
    void eachLineIsTheEventDocumentExactly() throws Exception {
        DiskBuffer buffer = new DiskBuffer(dir, 10_000_000, 1_000_000);
        AuditEvent event = AuditEvent.builder().action("x").message("two\nlines").build();
        assertTrue(buffer.append(List.of(event)));
        assertEquals(event.toJson() + "\n", Files.readString(buffer.segmentFiles().get(0)));
        assertEquals(event, buffer.read(1).get(0));
    }
}
