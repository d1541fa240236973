package io.auditsearch.verify.export;

import io.auditsearch.verify.checkpoint.Checkpoint;
import io.auditsearch.verify.checkpoint.CheckpointException;
import io.auditsearch.verify.checkpoint.SignedCheckpoint;
import io.auditsearch.verify.json.InvalidJsonException;
import io.auditsearch.verify.merkle.CachedInclusionVerifier;
import io.auditsearch.verify.merkle.TreeHasher;
import io.auditsearch.verify.note.NoteVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks an export with proofs ({@link ExportFormat}): the checkpoint on the last line is signed by a
 * trusted key of the expected log; every event line's canonical event, leaf index and inclusion
 * proof lead to that checkpoint's root; the leaf indexes cover the expected range exactly once.
 *
 * <p>Lines are parsed, canonicalized and hashed on all cores; proofs are checked in file order.
 */
public final class ExportVerifier {
    private static final int BLOCK = 4 << 20;

    private final NoteVerifier keys;
    private final String origin;
    private final int threads;

    /** @param origin the log's origin; {@code null} accepts the origin of the trusted key's checkpoint */
    public ExportVerifier(NoteVerifier keys, String origin, int threads) {
        this.keys = keys;
        this.origin = origin;
        this.threads = Math.max(1, threads);
    }

    /**
     * Checks the file, reporting into {@code report}. The expected leaf range is {@code [from, to]};
     * {@code from > to} means from the lowest to the highest index present; {@code to == -2} with
     * {@code from == 0} means the whole tree of the checkpoint.
     */
    public void verify(Path file, long from, long to, ExportReport report) throws IOException {
        String signedCheckpoint = checkpointOf(file);
        if (signedCheckpoint == null) {
            report.failFile("the last line is not {\"checkpoint\": ...}: nothing can be verified");
            return;
        }
        Checkpoint checkpoint;
        try {
            checkpoint = SignedCheckpoint.open(signedCheckpoint, keys, origin).checkpoint();
        } catch (CheckpointException e) {
            report.failFile("checkpoint: " + e.getMessage());
            return;
        }
        report.note("checkpoint: log " + checkpoint.origin() + ", tree size " + checkpoint.size() + ", signature verified");
        CachedInclusionVerifier proofs = new CachedInclusionVerifier(checkpoint.size(), checkpoint.rootHash());
        long checkpointLine = readLines(file, proofs, checkpoint, report);
        if (checkpointLine < 0) {
            report.failFile("no checkpoint line found while reading");
        }
        if (to == -2 && from == 0) {
            to = checkpoint.size() - 1;
        }
        report.checkRange(from, to);
    }

    private long readLines(Path file, CachedInclusionVerifier proofs, Checkpoint checkpoint, ExportReport report)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "export-parse");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<List<ExportLine>>> pending = new ArrayDeque<>();
        long checkpointLine = -1;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] carry = new byte[0];
            long lineNumber = 1;
            boolean eof = false;
            while (!eof || !pending.isEmpty()) {
                while (!eof && pending.size() < threads * 2) {
                    byte[] block = in.readNBytes(BLOCK);
                    eof = block.length == 0;
                    byte[] data = concat(carry, block);
                    int end = eof ? data.length : lastNewline(data) + 1;
                    carry = Arrays.copyOfRange(data, end, data.length);
                    if (end > 0) {
                        long first = lineNumber;
                        lineNumber += countLines(data, end);
                        pending.add(pool.submit(() -> parseBlock(data, end, first)));
                    }
                }
                if (pending.isEmpty()) {
                    break;
                }
                for (ExportLine line : pending.poll().get()) {
                    checkpointLine = check(line, proofs, checkpoint, checkpointLine, report);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("parsing failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return checkpointLine;
    }

    private static long check(ExportLine line, CachedInclusionVerifier proofs, Checkpoint checkpoint,
            long checkpointLine, ExportReport report) {
        if (checkpointLine >= 0) {
            report.fail(line.lineNumber(), line.eventId(), line.leafIndex(), "a line after the checkpoint line");
            return checkpointLine;
        }
        if (line.isCheckpoint()) {
            return line.lineNumber();
        }
        if (line.isError()) {
            report.fail(line.lineNumber(), line.eventId(), line.leafIndex(), line.error());
            if (line.leafIndex() >= 0) {
                report.eventSeen(line.leafIndex());
            }
            return checkpointLine;
        }
        report.eventSeen(line.leafIndex());
        if (line.leafIndex() >= checkpoint.size()) {
            report.fail(line.lineNumber(), line.eventId(), line.leafIndex(),
                    "leaf index beyond the checkpoint's tree size " + checkpoint.size());
        } else if (!proofs.verify(line.leafIndex(), line.rawLeafHash(), line.inclusion())) {
            // not as logged byte for byte: try the canonical form (a reformatted export)
            try {
                if (!proofs.verify(line.leafIndex(), line.canonicalLeafHash(HASHER.get()), line.inclusion())) {
                    report.fail(line.lineNumber(), line.eventId(), line.leafIndex(),
                            "the event and its inclusion proof do not lead to the checkpoint's root"
                                    + " (the event was changed, or its leaf index or proof is wrong)");
                }
            } catch (InvalidJsonException e) {
                report.fail(line.lineNumber(), line.eventId(), line.leafIndex(), "event " + e.getMessage());
            }
        }
        return checkpointLine;
    }

    private static final ThreadLocal<TreeHasher> HASHER = ThreadLocal.withInitial(TreeHasher::new);

    private static List<ExportLine> parseBlock(byte[] data, int end, long firstLine) {
        TreeHasher hasher = new TreeHasher();
        List<ExportLine> lines = new ArrayList<>();
        long number = firstLine;
        int start = 0;
        while (start < end) {
            int nl = indexOf(data, (byte) '\n', start, end);
            int stop = nl < 0 ? end : nl;
            int len = stop > start && data[stop - 1] == '\r' ? stop - start - 1 : stop - start;
            if (len > 0) {
                lines.add(ExportLine.parse(number, data, start, len, hasher));
            }
            number++;
            start = stop + 1;
        }
        return lines;
    }

    /** The signed checkpoint on the file's last line, unverified; null if that line is not one. */
    public static String checkpointOf(Path file) throws IOException {
        String line = lastLine(file);
        if (line == null) {
            return null;
        }
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ExportLine parsed = ExportLine.parse(0, bytes, 0, bytes.length, new TreeHasher());
        return parsed.isCheckpoint() ? parsed.checkpoint() : null;
    }

    /** The file's last non-blank line (the checkpoint is small: the last 1 MiB is enough). */
    static String lastLine(Path file) throws IOException {
        long size = Files.size(file);
        try (var channel = Files.newByteChannel(file)) {
            int n = (int) Math.min(size, 1 << 20);
            channel.position(size - n);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(n);
            while (buf.hasRemaining() && channel.read(buf) > 0) {
                // read the tail
            }
            String tail = new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
            int nl = tail.lastIndexOf('\n');
            return tail.isEmpty() ? null : tail.substring(nl + 1).strip();
        }
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lastNewline(byte[] data) {
        for (int i = data.length - 1; i >= 0; i--) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long countLines(byte[] data, int end) {
        long n = 0;
        for (int i = 0; i < end; i++) {
            if (data[i] == '\n') {
                n++;
            }
        }
        return data[end - 1] == '\n' ? n : n + 1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
