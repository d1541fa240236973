package io.auditsearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** The dated audit indices of the benchmark's cluster: delete, refresh, count. */
final class AuditIndices {

    static final String ALIAS = "audit-events";
    /** Counts the benchmark's events only: the service's own (read audit, key changes) are service.name audit-search. */
    private static final String NOT_THE_SERVICES_OWN = "{\"query\":{\"bool\":{\"must_not\":{\"term\":{\"service.name\":\"audit-search\"}}}}}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");

    private final Cluster cluster;
    private final Http http;

    AuditIndices(Cluster cluster, Http http) {
        this.cluster = cluster;
        this.http = http;
    }

    /** Deletes every dated audit index by name (whatever action.destructive_requires_name says). */
    void deleteAll() throws IOException, InterruptedException {
        String listed = cluster.call(http, "GET", "/_cat/indices/" + ALIAS + "-*?h=index", (String) null).ok("GET _cat/indices").text();
        String names = String.join(",", listed.strip().split("\\s+"));
        if (!names.isEmpty()) {
            cluster.call(http, "DELETE", "/" + names, (String) null).ok("DELETE " + names);
        }
    }

    /**
     * Deletes every dated audit index, then creates {@code names} empty (the service's index template applies) and
     * waits until their shards are assigned, so a timed load writes into existing indices, as on any day but the first
     * of an index.
     */
    void recreate(Collection<String> names) throws IOException, InterruptedException {
        deleteAll();
        create(names);
    }

    /** Creates those of {@code names} that are missing and waits until their shards are assigned. */
    void create(Collection<String> names) throws IOException, InterruptedException {
        for (String name : names) {
            if (cluster.call(http, "HEAD", "/" + name, (String) null).status() == 404) {
                cluster.call(http, "PUT", "/" + name, (String) null).ok("PUT " + name);
            }
        }
        cluster.call(http, "GET", "/_cluster/health/" + String.join(",", names) + "?wait_for_status=yellow&timeout=120s",
                (String) null).ok("cluster health");
    }

    /** The dated index of each timestamp ({@code audit-events-yyyy.MM.dd}, UTC), as the service names them. */
    static Set<String> dailyIndices(Collection<Instant> timestamps) {
        Set<String> names = new TreeSet<>();
        for (Instant t : timestamps) {
            names.add(ALIAS + "-" + DAY.format(t.atOffset(ZoneOffset.UTC)));
        }
        return names;
    }

    void refresh() throws IOException, InterruptedException {
        cluster.call(http, "POST", "/" + ALIAS + "-*/_refresh?ignore_unavailable=true&allow_no_indices=true", (String) null).ok("refresh");
    }

    /** The benchmark's events in the audit indices (0 when there are none). */
    long count() throws IOException, InterruptedException {
        Http.Answer a = cluster.call(http, "POST", "/" + ALIAS + "-*/_count?ignore_unavailable=true&allow_no_indices=true",
                NOT_THE_SERVICES_OWN);
        return a.status() == 200 ? JSON.readTree(a.body()).path("count").asLong() : 0;
    }
}
