package io.auditsearch.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The local buffer for events the service could not take: append-only NDJSON segment files
 * ({@code segment-<20-digit sequence>.ndjson}, one event document per line), each append forced
 * to disk ({@code FileChannel.force}) before it counts as buffered. Read back oldest first, a
 * segment at a time; a segment is deleted only when every line of it was {@link #commit committed}
 * (acknowledged or refused by the service). A process that dies between the service's answer and
 * the delete sends those lines again on its next start: the service answers {@code duplicate}.
 * A line cut short by a crash (no trailing newline) is dropped with a log line. Used by the sender
 * thread only: not thread-safe, apart from {@link #bytes()}.
 */
final class DiskBuffer implements Closeable {

    private static final System.Logger LOG = System.getLogger(DiskBuffer.class.getName());
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".ndjson";

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private volatile long bytes;
    private FileChannel writer;
    private long writerSequence = -1;
    private List<AuditEvent> head;       // the oldest segment's events, once read
    private long headSequence = -1;
    private int headCommitted;

    DiskBuffer(Path dir, long maxBytes, long segmentBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                        segments.put(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())), file);
                        bytes += Files.size(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the audit client's disk buffer " + dir, e);
        }
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    /** Appends the events in order and forces them to disk; false (nothing kept) when they do not fit or the write failed. */
    boolean append(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return true;
        }
        byte[] lines = BulkTransport.ndjson(events);
        if (bytes + lines.length > maxBytes) {
            return false;
        }
        long before = -1;
        try {
            if (writer == null || writer.size() >= segmentBytes) {
                openNewSegment();
            }
            before = writer.size();
            ByteBuffer buffer = ByteBuffer.wrap(lines);
            while (buffer.hasRemaining()) {
                writer.write(buffer);
            }
            writer.force(false);
            bytes += lines.length;
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "audit client: could not write " + events.size() + " events to the disk buffer " + dir, e);
            undo(before);
            return false;
        }
    }

    /** Up to {@code max} of the oldest uncommitted events, never spanning two segments; empty when there are none. */
    List<AuditEvent> read(int max) {
        while (head == null || headCommitted == head.size()) {
            if (head != null) {
                deleteHead();
            }
            if (segments.isEmpty()) {
                return List.of();
            }
            loadHead();
        }
        return List.copyOf(head.subList(headCommitted, Math.min(head.size(), headCommitted + max)));
    }

    /** The {@code count} events last read are done with (delivered or refused); a finished segment is deleted. */
    void commit(int count) {
        headCommitted += count;
        if (head != null && headCommitted >= head.size()) {
            deleteHead();
        }
    }

    @Override
    public void close() {
        closeWriter();
    }

    private void openNewSegment() throws IOException {
        closeWriter();
        long sequence = segments.isEmpty() ? 1 : segments.lastKey() + 1;
        Path file = dir.resolve(String.format("%s%020d%s", PREFIX, sequence, SUFFIX));
        writer = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        writerSequence = sequence;
        segments.put(sequence, file);
        forceDirectory();
    }

    private void loadHead() {
        var first = segments.firstEntry();
        if (first.getKey() == writerSequence) {
            closeWriter(); // sealed: later appends go to a new segment behind it
        }
        headSequence = first.getKey();
        headCommitted = 0;
        head = SegmentReader.read(first.getValue());
    }

    private void deleteHead() {
        Path file = segments.remove(headSequence);
        head = null;
        if (file == null) {
            return;
        }
        try {
            long size = Files.size(file);
            Files.delete(file);
            bytes -= size;
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the delivered disk buffer segment " + file, e);
        }
    }

    private void undo(long sizeBefore) {
        if (writer != null && sizeBefore >= 0) {
            try {
                writer.truncate(sizeBefore); // no half-written line for a later append to glue onto
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "audit client: could not truncate the disk buffer segment after a failed write", e);
                closeWriter();
            }
        }
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "audit client: closing a disk buffer segment failed", e);
            }
            writer = null;
            writerSequence = -1;
        }
    }

    /** Makes a created or deleted segment's directory entry durable (Linux; ignored where unsupported). */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its rename/delete metadata is journaled anyway
        }
    }

    /** For tests: the segment files, oldest first. */
    List<Path> segmentFiles() {
        return new ArrayList<>(segments.values());
    }
}
