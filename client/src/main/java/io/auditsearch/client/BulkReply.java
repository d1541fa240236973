package io.auditsearch.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What became of each event of one {@code _bulk} request. A 200 answer has one item per line, in
 * order: 2xx items are delivered (201 created or duplicate, 202 kept in the service's spool), 429
 * and 5xx items (503: its spool is full) are retried, other 4xx items are refused for good. A whole
 * request refused with 400, 413, 415 or 422 refuses every event of it; any other answer (401/403
 * credentials, 404, 408, 429, 5xx) and no answer at all are retried, so a misconfiguration that is
 * fixed loses nothing.
 */
final class BulkReply {

    enum Verdict { DELIVERED, RETRY, REJECTED }

    private static final Set<Integer> REFUSED_REQUEST = Set.of(400, 413, 415, 422);

    final Verdict[] verdicts;
    final Rejection[] rejections;
    final Duration retryAfter;
    /** For the log: the status, or why no answer was read. */
    final String summary;

    private BulkReply(Verdict[] verdicts, Rejection[] rejections, Duration retryAfter, String summary) {
        this.verdicts = verdicts;
        this.rejections = rejections;
        this.retryAfter = retryAfter;
        this.summary = summary;
    }

    /** No usable answer (connection refused, timeout, interrupted): everything is retried. */
    static BulkReply noAnswer(int events, String why) {
        Verdict[] verdicts = new Verdict[events];
        Arrays.fill(verdicts, Verdict.RETRY);
        return new BulkReply(verdicts, new Rejection[events], null, why);
    }

    static BulkReply of(int status, Optional<String> retryAfterHeader, byte[] body, List<AuditEvent> batch) {
        Duration retryAfter = Backoff.parseRetryAfter(retryAfterHeader, Instant.now()).orElse(null);
        int n = batch.size();
        Verdict[] verdicts = new Verdict[n];
        Rejection[] rejections = new Rejection[n];
        if (status == 200) {
            JsonNode items = readItems(body);
            if (items == null || items.size() != n) {
                return noAnswer(n, "HTTP 200 without one item per event (" + (items == null ? "unreadable" : items.size() + " items") + ")");
            }
            for (int i = 0; i < n; i++) {
                JsonNode item = items.get(i);
                int itemStatus = item.path("status").asInt(0);
                verdicts[i] = verdict(itemStatus);
                if (verdicts[i] == Verdict.REJECTED) {
                    JsonNode error = item.path("error");
                    rejections[i] = new Rejection(batch.get(i).id(), batch.get(i).action(), itemStatus,
                            error.path("type").asText(item.path("result").asText("rejected")),
                            error.path("reason").asText(null), error.path("field").asText(null));
                }
            }
            return new BulkReply(verdicts, rejections, retryAfter, "HTTP 200");
        }
        Verdict whole = REFUSED_REQUEST.contains(status) ? Verdict.REJECTED : Verdict.RETRY;
        Arrays.fill(verdicts, whole);
        if (whole == Verdict.REJECTED) {
            String reason = problemDetail(body);
            for (int i = 0; i < n; i++) {
                rejections[i] = new Rejection(batch.get(i).id(), batch.get(i).action(), status, "request_refused", reason, null);
            }
        }
        return new BulkReply(verdicts, rejections, retryAfter, "HTTP " + status);
    }

    private static Verdict verdict(int status) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status == 429 || status >= 500 || status == 0) {
            return Verdict.RETRY;
        }
        return Verdict.REJECTED;
    }

    private static JsonNode readItems(byte[] body) {
        try {
            JsonNode items = Json.MAPPER.readTree(body).get("items");
            return items != null && items.isArray() ? items : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** RFC 9457 {@code detail} (the service's problem bodies), else nothing. */
    private static String problemDetail(byte[] body) {
        try {
            JsonNode problem = Json.MAPPER.readTree(body);
            return problem == null ? null : problem.path("detail").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
