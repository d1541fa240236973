package io.auditsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Elasticsearch's shard request cache on the audit indices: switched on or off for both sides at
 * once (the index setting {@code index.requests.cache.enable}, since the service's requests cannot
 * carry {@code request_cache=false}), and a probe counting its hits and misses per side.
 */
final class RequestCache {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Cluster cluster;
    private final Http http;

    RequestCache(Cluster cluster, Http http) {
        this.cluster = cluster;
        this.http = http;
    }

    /** {@code true}: Elasticsearch's default; {@code false}: disabled on every audit index. */
    void enable(boolean on) throws IOException, InterruptedException {
        String value = on ? "null" : "false";
        cluster.call(http, "PUT", "/" + AuditIndices.ALIAS + "-*/_settings", "{\"index.requests.cache.enable\":" + value + "}")
                .ok("PUT _settings index.requests.cache.enable");
    }

    /** {hits, misses} so far over the audit indices. */
    long[] counts() throws IOException, InterruptedException {
        JsonNode all = JSON.readTree(cluster.call(http, "GET", "/" + AuditIndices.ALIAS + "-*/_stats/request_cache",
                (String) null).ok("request cache stats").body()).at("/_all/total/request_cache");
        return new long[] {all.path("hit_count").asLong(), all.path("miss_count").asLong()};
    }

    /**
     * Asks each aggregation {@code times} of the service, then of Elasticsearch, then of the service with the
     * same period as date math on now ({@code now-30d} to {@code now}, as dashboards ask): prints the cache's hits
     * and misses for each.
     */
    void probe(SearchRounds rounds, List<Question> mix, int times, ServiceProcess service, String key)
            throws IOException, InterruptedException {
        for (Question q : mix.stream().filter(q -> q.kind() == Question.Kind.AGGREGATE).toList()) {
            Map<String, String> seen = new LinkedHashMap<>();
            long[] before = counts();
            for (int i = 0; i < times; i++) {
                rounds.askService(q);
            }
            seen.put("service, absolute period", delta(before));
            before = counts();
            for (int i = 0; i < times; i++) {
                rounds.askDirect(q);
            }
            seen.put("direct, absolute period", delta(before));
            Question relative = relative(q);
            before = counts();
            for (int i = 0; i < times; i++) {
                http.send("GET", service.url().resolve(relative.servicePath()), Optional.of(key), null, null).ok("service " + q.name());
            }
            seen.put("service, from=now-Nd&to=now", delta(before));
            System.out.printf(Locale.ROOT, "  %-42s %s%n", q.name(), seen);
        }
    }

    private String delta(long[] before) throws IOException, InterruptedException {
        long[] after = counts();
        return String.format(Locale.ROOT, "%d hits/%d misses", after[0] - before[0], after[1] - before[1]);
    }

    private static Question relative(Question q) {
        Map<String, List<String>> params = new LinkedHashMap<>(q.params());
        long days = java.time.Duration.between(DirectQuery.from(q), DirectQuery.to(q)).toDays();
        params.put("from", List.of("now-" + days + "d"));
        params.put("to", List.of("now"));
        return new Question(q.name(), q.kind(), params);
    }
}
