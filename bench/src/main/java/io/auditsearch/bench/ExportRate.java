package io.auditsearch.bench;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Export rate: {@code GET /v1/events/_export?format=ndjson} over a period against the same walk
 * straight to Elasticsearch (a point-in-time over the period's indices, pages of 5,000 oldest first
 * with search_after, the service's filter_path). The client parses every event on both sides; both
 * must deliver the same events in the same order (count and a hash of the id sequence).
 */
final class ExportRate {

    private static final int PAGE = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How many events, the hash of their ids in order, and the seconds to the last byte. */
    record Walk(long events, long idHash, double seconds) {
        double rate() {
            return events / seconds;
        }
    }

    private ExportRate() {
    }

    static Walk service(Http http, ServiceProcess service, String key, Question period) throws IOException, InterruptedException {
        long[] counted = new long[2];
        String path = "/v1/events/_export?format=ndjson&from=" + period.single("from", null) + "&to=" + period.single("to", null);
        Http.Answer a = http.stream(service.url().resolve(path), Optional.of(key), in -> {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isEmpty()) {
                    counted[1] = 31 * counted[1] + JSON.readTree(line).at("/event/id").asText().hashCode();
                    counted[0]++;
                }
            }
        });
        a.ok("GET /v1/events/_export");
        return new Walk(counted[0], counted[1], a.nanos() / 1e9);
    }

    static Walk direct(Http http, Cluster cluster, Question period) throws IOException, InterruptedException {
        long started = System.nanoTime();
        String indices = String.join(",", DirectQuery.indices(period));
        String pit = JSON.readTree(cluster.call(http, "POST", "/" + indices + "/_pit?keep_alive=5m&ignore_unavailable=true",
                (String) null).ok("open point-in-time").body()).path("id").asText();
        long events = 0;
        long hash = 0;
        List<FieldValue> after = List.of();
        while (true) {
            List<FieldValue> from = after;
            String id = pit;
            SearchRequest request = SearchRequest.of(b -> {
                b.pit(p -> p.id(id).keepAlive(k -> k.time("5m"))).query(DirectQuery.query(period)).size(PAGE)
                        .sort(List.of(SortOptions.of(s -> s.field(f -> f.field("@timestamp").order(SortOrder.Asc))),
                                SortOptions.of(s -> s.field(f -> f.field("event.id").order(SortOrder.Asc)))))
                        .trackTotalHits(t -> t.enabled(false));
                if (!from.isEmpty()) {
                    b.searchAfter(from);
                }
                return b;
            });
            DirectQuery.Call call = DirectQuery.call(request, Optional.of("hits.hits._source,hits.hits.sort"));
            JsonNode hits = JSON.readTree(cluster.call(http, "POST", call.path(), call.body()).ok("export page").body()).at("/hits/hits");
            for (JsonNode hit : hits) {
                hash = 31 * hash + hit.at("/_source/event/id").asText().hashCode();
                events++;
            }
            if (hits.size() < PAGE) {
                break;
            }
            JsonNode sort = hits.get(hits.size() - 1).path("sort");
            after = new ArrayList<>(List.of(FieldValue.of(sort.get(0).asLong()), FieldValue.of(sort.get(1).asText())));
        }
        cluster.call(http, "DELETE", "/_pit", JSON.writeValueAsString(Map.of("id", pit))).ok("close point-in-time");
        return new Walk(events, hash, (System.nanoTime() - started) / 1e9);
    }

    /** One untimed walk of each side, then rounds alternating which side goes first; answers the median of the per-round rate ratios service/direct. */
    static double rounds(Http http, ServiceProcess service, String key, Cluster cluster, Question period, int rounds)
            throws IOException, InterruptedException {
        Walk warm = service(http, service, key, period);
        System.out.printf(Locale.ROOT, "  export warm-up, untimed: %,d events from each side%n", Math.min(warm.events(),
                direct(http, cluster, period).events()));
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            boolean serviceFirst = round % 2 == 1;
            Walk s = serviceFirst ? service(http, service, key, period) : null;
            Walk d = direct(http, cluster, period);
            s = serviceFirst ? s : service(http, service, key, period);
            if (s.events() != d.events() || s.idHash() != d.idHash()) {
                throw new IllegalStateException("export: the service sent " + s.events() + " events, Elasticsearch's walk "
                        + d.events() + (s.events() == d.events() ? ", in another order" : ""));
            }
            ratios.add(s.rate() / d.rate());
            System.out.printf(Locale.ROOT, "  export round %d (%s first): %,d events; service %5.1f s = %,7.0f ev/s, direct %5.1f s = %,7.0f ev/s, ratio %.2f%n",
                    round, serviceFirst ? "service" : "direct", s.events(), s.seconds(), s.rate(), d.seconds(), d.rate(), s.rate() / d.rate());
        }
        return Stats.median(ratios);
    }
}
