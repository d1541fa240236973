package io.auditsearch.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.problem.ApiException;
import io.auditsearch.problem.BadRequestException;
import io.auditsearch.verify.export.ExportFormat;
import io.auditsearch.verify.json.CanonicalJson;
import io.auditsearch.verify.json.InvalidJsonException;
import io.auditsearch.verify.merkle.Proofs;
import io.auditsearch.verify.tiles.Tile;
import io.auditsearch.verify.tiles.TileHashSource;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/events/_export?proof=true}: one log, in leaf order, in the verify module's
 * export-with-proof format (each line an event with its leaf index and inclusion proof, the last
 * line the signed checkpoint they lead to). The log is {@code log=}, or for a tenant-bound caller
 * this instance's log of its tenant; {@code from}/{@code to} (leaf indexes) narrow it. Leaves whose
 * event is gone from Elasticsearch have no line: {@code audit-verify export --full} names them.
 */
@Singleton
public class ProofExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntegrityStore store;
    private final ProofService proofs;
    private final LogIdentity identity;
    private final EventReader events;

    ProofExport(IntegrityStore store, ProofService proofs, LogIdentity identity, EventReader events) {
        this.store = store;
        this.proofs = proofs;
        this.identity = identity;
        this.events = events;
    }

    /** Opens the export; {@code params} are the request's query parameters. */
    public Stream open(Map<String, List<String>> params, Optional<String> tenant) {
        Optional<String> log = first(params, "log");
        if (log.isEmpty() && tenant.isEmpty()) {
            throw BadRequestException.parameter("log", "an export with proofs is of one log: name it with log= (see GET /v1/integrity/logs)");
        }
        String origin = log.orElseGet(() -> identity.origin(tenant.get()));
        StoredCheckpoint checkpoint = proofs.latest(origin, tenant);
        long from = first(params, "from").map(Long::parseLong).orElse(0L);
        long to = first(params, "to").map(Long::parseLong).orElse(checkpoint.size() - 1);
        if (from < 0 || to >= checkpoint.size() || from > to) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_range", "Invalid range",
                    "from and to are leaf indexes in 0.." + (checkpoint.size() - 1));
        }
        return new Stream(origin, checkpoint, from, to);
    }

    private static Optional<String> first(Map<String, List<String>> params, String name) {
        return Optional.ofNullable(params.get(name)).filter(v -> !v.isEmpty()).map(List::getFirst).filter(s -> !s.isBlank());
    }

    /** The export's pages: one per bundle of 256 leaves, then the checkpoint line. */
    public final class Stream {
        private final String log;
        private final StoredCheckpoint checkpoint;
        private final TileHashSource tiles;
        private final long to;
        private long next;
        private boolean done;
        private long written;

        Stream(String log, StoredCheckpoint checkpoint, long from, long to) {
            this.log = log;
            this.checkpoint = checkpoint;
            this.tiles = new TileHashSource(t -> store.readTile(log, t), checkpoint.size());
            this.next = from;
            this.to = to;
        }

        public String filename() {
            return "audit-log-" + LogIdentity.tenantPart(log.replace('/', '_')) + "-" + checkpoint.size() + ".ndjson";
        }

        /** The next page of lines, or null at the end. */
        public byte[] next() throws IOException {
            if (done) {
                return null;
            }
            if (next > to) {
                done = true;
                return ExportFormat.checkpointLine(checkpoint.note());
            }
            long bundle = next / Tile.FULL_WIDTH;
            List<String> ids = store.bundle(log, bundle);
            long first = bundle * Tile.FULL_WIDTH;
            long last = Math.min(to, first + ids.size() - 1);
            Map<String, ObjectNode> stored = events.byIds(ids.subList((int) (next - first), (int) (last - first + 1)));
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            for (long leaf = next; leaf <= last; leaf++) {
                ObjectNode event = stored.get(ids.get((int) (leaf - first)));
                if (event == null) {
                    continue; // gone: the verifier reports the missing leaf
                }
                try {
                    byte[] canonical = CanonicalJson.canonicalize(JSON.writeValueAsBytes(event));
                    page.write(ExportFormat.eventLine(canonical, leaf, Proofs.inclusion(tiles, leaf, checkpoint.size())));
                    written++;
                } catch (InvalidJsonException e) {
                    throw new IOException("event " + ids.get((int) (leaf - first)) + ": " + e.getMessage(), e);
                }
            }
            if (last < next) {
                throw new IOException("bundle " + bundle + " of " + log + " is shorter than its checkpoint says");
            }
            next = last + 1;
            return page.toByteArray();
        }

        public long written() {
            return written;
        }
    }
}
