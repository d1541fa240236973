package io.auditsearch.integrity;

import io.auditsearch.problem.ProblemResponses;

import io.auditsearch.problem.ApiException;
import io.auditsearch.security.Caller;
import io.auditsearch.security.ReadAudit;
import io.auditsearch.verify.tiles.Tile;
import io.auditsearch.verify.tiles.TilePaths;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tamper evidence, read-only: the verifier key, the logs and their signed checkpoints, an event's
 * inclusion proof, consistency steps and tiles. Everything here is checkable offline with
 * {@code bin/audit-verify}; a tenant-bound caller sees its tenant's logs only.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "integrity")
class IntegrityController {

    private final SigningKeys keys;
    private final LogIdentity identity;
    private final IntegrityStore store;
    private final ProofService proofs;
    private final ReadAudit audit;

    IntegrityController(SigningKeys keys, LogIdentity identity, IntegrityStore store, ProofService proofs, ReadAudit audit) {
        this.keys = keys;
        this.identity = identity;
        this.store = store;
        this.proofs = proofs;
        this.audit = audit;
    }

    @Get(uri = "/integrity/public-key", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "getIntegrityPublicKey", summary = "This instance's checkpoint verifier key",
            description = "The C2SP signed-note verifier key and the same Ed25519 key as PEM, with the previous keys still trusted.")
    Map<String, Object> publicKey() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance", identity.instanceId());
        out.put("verifier_key", keys.verifierKey().encode());
        out.put("pem", keys.pem());
        out.put("previous_verifier_keys", keys.previous().stream().map(k -> k.encode()).toList());
        return out;
    }

    @Get(uri = "/integrity/logs", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "listIntegrityLogs", summary = "Every log of the cluster with its latest signed checkpoint",
            description = "One log per instance and tenant; a tenant-bound caller sees its tenant's logs only.")
    Map<String, Object> logs(HttpRequest<?> request) {
        Optional<String> tenant = Caller.of(request).tenant();
        List<Map<String, Object>> logs = store.logs(tenant).stream().filter(c -> ProofService.canSee(c.log(), tenant)).map(c -> {
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("log", c.log());
            log.put("instance", c.instance());
            log.put("tenant", c.tenant());
            log.put("size", c.size());
            log.put("signed_at", c.signedAt().toString());
            log.put("verifier_key", c.verifierKey());
            log.put("checkpoint", c.note());
            return log;
        }).toList();
        return Map.of("logs", logs);
    }

    @Get(uri = "/integrity/checkpoint", produces = MediaType.TEXT_PLAIN)
    @ProblemResponses
    @Operation(operationId = "getIntegrityCheckpoint", summary = "A log's signed checkpoint (C2SP tlog-checkpoint note)",
            description = "The latest one, or the one at tree size `size`.")
    String checkpoint(HttpRequest<?> request, @QueryValue String log, @QueryValue Optional<Long> size) {
        Optional<String> tenant = Caller.of(request).tenant();
        return size.map(s -> proofs.at(log, s, tenant)).orElseGet(() -> proofs.latest(log, tenant)).note();
    }

    @Get(uri = "/events/{id}/proof", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "getEventProof", summary = "An event's inclusion proof against its log's latest checkpoint",
            description = "The canonical event (RFC 8785), its log and leaf index, the RFC 9162 inclusion proof, the signed "
                    + "checkpoint and the same as a C2SP tlog-proof. `log` picks a log when the id is in several.")
    Map<String, Object> proof(HttpRequest<?> request, @PathVariable String id, @QueryValue Optional<String> log) {
        Map<String, Object> proof = proofs.eventProof(id, log, Caller.of(request).tenant());
        audit.record(request, "audit.proof", Map.of("id", List.of(id)), 1);
        return proof;
    }

    @Get(uri = "/integrity/consistency", produces = MediaType.TEXT_PLAIN)
    @ProblemResponses
    @Operation(operationId = "getIntegrityConsistency", summary = "Consistency step between two checkpoints of a log",
            description = "The body of a C2SP tlog-witness add-checkpoint request: `old <from>`, the RFC 9162 consistency proof, "
                    + "an empty line, the signed checkpoint at `to` (default: the latest). `audit-verify chain` checks it.")
    String consistency(HttpRequest<?> request, @QueryValue String log, @QueryValue long from, @QueryValue Optional<Long> to) {
        Optional<String> tenant = Caller.of(request).tenant();
        long target = to.orElseGet(() -> proofs.latest(log, tenant).size());
        return proofs.consistency(log, from, target, tenant);
    }

    @Get(uri = "/integrity/tile/{+path}", produces = MediaType.APPLICATION_OCTET_STREAM)
    @ProblemResponses
    @Operation(operationId = "getIntegrityTile", summary = "A C2SP tlog-tiles tile of a log",
            description = "`/v1/integrity/tile/<log origin>/tile/<L>/<N>[.p/<W>]`: the tile's hashes, 32 bytes each.")
    byte[] tile(HttpRequest<?> request, @PathVariable String path) {
        int at = path.lastIndexOf("/tile/");
        if (at <= 0) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found", "not <log>/tile/<L>/<N>: " + path);
        }
        Tile tile;
        try {
            tile = TilePaths.parse(path.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found", e.getMessage());
        }
        return proofs.tile(path.substring(0, at), tile, Caller.of(request).tenant());
    }
}
