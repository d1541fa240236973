package io.auditsearch.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads one disk buffer segment back into events, in file order, skipping what a crash cut short. */
final class SegmentReader {

    private static final System.Logger LOG = System.getLogger(DiskBuffer.class.getName());

    private SegmentReader() {
    }

    static List<AuditEvent> read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the disk buffer segment " + file, e);
        }
        List<AuditEvent> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                add(file, Arrays.copyOfRange(all, start, i), events);
                start = i + 1;
            }
        }
        if (start < all.length) {
            LOG.log(System.Logger.Level.WARNING, "audit client: disk buffer segment " + file.getFileName() + " ends in a line cut short ("
                    + (all.length - start) + " bytes, a crash while it was written, before it was acknowledged as buffered); skipped");
        }
        return events;
    }

    private static void add(Path file, byte[] line, List<AuditEvent> events) {
        if (line.length == 0) {
            return;
        }
        try {
            events.add(AuditEvent.fromJson(line));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "audit client: skipped an unreadable line (" + line.length + " bytes) of disk buffer segment "
                    + file.getFileName() + ": " + e.getMessage());
        }
    }
}
