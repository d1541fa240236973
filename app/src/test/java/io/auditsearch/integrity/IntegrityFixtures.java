package io.auditsearch.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.verify.checkpoint.CheckpointException;
import io.auditsearch.verify.checkpoint.TlogProof;
import io.auditsearch.verify.json.CanonicalJson;
import io.auditsearch.verify.merkle.TreeHasher;
import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.note.VerifierKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Keys, events, waits and proof checks of the integrity tests. */
final class IntegrityFixtures {

    private IntegrityFixtures() {
    }

    static String key(URI server, String name, String tenant, String... roles) {
        StringBuilder body = new StringBuilder("{\"name\":\"").append(name).append("\",\"roles\":[");
        for (int i = 0; i < roles.length; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
        }
        body.append(']');
        if (tenant != null) {
            body.append(",\"tenant\":\"").append(tenant).append('"');
        }
        CallerHttp.Response r = CallerHttp.admin(server).postJson("/v1/admin/keys", body.append('}').toString());
        assertEquals(201, r.status(), r::toString);
        return r.json().path("key").asText();
    }

    static String event(String id, String action, String tenant) {
        return "{\"@timestamp\":\"" + Instant.now().minusSeconds(60) + "\",\"event\":{\"id\":\"" + id + "\",\"action\":\"" + action
                + "\"},\"user\":{\"name\":\"u-" + id + "\"},\"message\":\"integrity test event " + id + "\""
                + (tenant == null ? "" : ",\"organization\":{\"id\":\"" + tenant + "\"}") + "}";
    }

    /** The dated index holding an event (the test distribution has no _delete_by_query: write by index and id). */
    static String indexOf(String es, String id) {
        io.auditsearch.support.ElasticsearchHttp.send(es, "POST", "/audit-events-*/_refresh", null);
        return io.auditsearch.support.ElasticsearchHttp.send(es, "POST", "/audit-events-*/_search",
                "{\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}").body().path("hits").path("hits").get(0).path("_index").asText();
    }

    /** Polls until the supplier gives non-null, failing after the deadline. */
    static <T> T await(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The event's proof once its log's checkpoint covers it. */
    static JsonNode awaitProof(CallerHttp caller, String id) {
        return await(Duration.ofSeconds(60), "the proof of " + id, () -> {
            CallerHttp.Response r = caller.get("/v1/events/" + id + "/proof");
            return r.status() == 200 ? r.json() : null;
        });
    }

    static NoteVerifier verifier(CallerHttp caller) throws Exception {
        JsonNode key = caller.get("/v1/integrity/public-key").json();
        return new NoteVerifier(List.of(VerifierKey.parse(key.path("verifier_key").asText())));
    }

    /** Checks a proof answer with the verify library alone: its tlog-proof, over the canonical event, under the key. */
    static void check(JsonNode proof, NoteVerifier verifier) throws Exception {
        byte[] entry = CanonicalJson.canonicalize(proof.path("event").toString().getBytes(StandardCharsets.UTF_8));
        TlogProof tlog = TlogProof.parse(proof.path("tlog_proof").asText());
        assertEquals(proof.path("leaf_index").asLong(), tlog.index());
        tlog.verify(new TreeHasher().leafHash(entry), verifier, proof.path("log").asText());
    }

    static boolean fails(JsonNode proof, NoteVerifier verifier) {
        try {
            check(proof, verifier);
            return false;
        } catch (CheckpointException e) {
            return true;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
