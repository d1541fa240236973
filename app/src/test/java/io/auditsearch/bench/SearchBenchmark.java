package io.auditsearch.bench;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.event.EventPreparer;
import io.auditsearch.analytics.AggregationService;
import io.auditsearch.search.EventFilter;
import io.auditsearch.search.EventSearchService;
import io.auditsearch.search.EventQueryBuilder;
import io.auditsearch.search.QueryParameters;
import io.auditsearch.search.RawSearch;
import io.auditsearch.support.TestCredentials;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Search benchmark: loads N events (default 1,000,000; skipped when the cluster already holds them),
 * then runs a fixed mix of forensic queries through the service, the equivalent queries straight
 * against Elasticsearch, and those same direct requests through a {@link PassThroughProxy} in this JVM,
 * interleaved in the same run, and prints p50/p99 of all three, the service/direct ratio and the floor
 * (proxy/direct: what an extra HTTP hop alone costs, the least any service in between can add), plus
 * export throughput. Run with {@code bin/bench-search [--events N] [--rounds R]}; ELASTICSEARCH_URL
 * selects a cluster, else a managed node keeps its data under {@code app/target/bench-search}.
 */
public final class SearchBenchmark {

    private static final String SERVICE_PREFIX = SearchBenchData.SERVICE_PREFIX;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JacksonJsonpMapper JSONP = new JacksonJsonpMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println("bin/bench-search [--events N (1000000)] [--rounds R (40)] [--warmup-rounds W (20)] [--service-warmup-requests S (8000)]");
            System.out.println("                 [--heap 2g] [--export true|false] [--only TEXT]");
            System.out.println("Times each query through the service, straight to Elasticsearch, and straight through a pass-through");
            System.out.println("Netty proxy in the benchmark JVM; the floor (proxy/es p50) is what the extra HTTP hop alone costs.");
            System.out.println("--only TEXT times only the queries whose name contains TEXT (e.g. --only deep), for a quick look at one path.");
            return;
        }
        Map<String, String> opts = options(args);
        int events = Integer.parseInt(opts.getOrDefault("events", "1000000"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "40"));
        try (BenchCluster cluster = BenchCluster.start("bench-search", opts.getOrDefault("heap", "2g"))) {
            run(cluster.url().toString(), opts, events, rounds);
        }
    }

    private static void run(String es, Map<String, String> opts, int events, int rounds) throws Exception {
        System.out.println("Elasticsearch: " + es);
        Map<String, Object> properties = new java.util.HashMap<>(TestCredentials.properties());
        properties.put("elasticsearch.url", es);
        properties.put("micronaut.server.port", "-1");
        try (ApplicationContext ctx = ApplicationContext.run(properties); PassThroughProxy proxy = PassThroughProxy.start(URI.create(es))) {
            EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start();
            String service = server.getURI().toString();
            Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
            SearchBenchData.load(ctx.getBean(EventPreparer.class), es, events, end);
            new Run(ctx.getBean(EventQueryBuilder.class), ctx.getBean(EventSearchService.class), ctx.getBean(AggregationService.class),
                    es, proxy.url(), service, rounds, Integer.parseInt(opts.getOrDefault("warmup-rounds", "20")),
                    Integer.parseInt(opts.getOrDefault("service-warmup-requests", "8000")), opts.getOrDefault("only", ""))
                    .all(Boolean.parseBoolean(opts.getOrDefault("export", "true")));
            server.stop();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }

    // ---- the run --------------------------------------------------------------------------------

    /** The query mix; each query runs through the service, directly and directly through the proxy, interleaved, {@code rounds} times. */
    private record Run(EventQueryBuilder queries, EventSearchService searches, AggregationService aggregations,
                       String es, String proxy, String service, int rounds, int warmupRounds, int serviceWarmupRequests,
                       String only) {

        /** One query of the mix: its name, the call through the service and the same request sent to Elasticsearch or the proxy. */
        private record Query(String name, PathComparison.Callable<?> service, Direct direct) {
        }

        /** The direct request(s) of a query, sent to {@code base}: Elasticsearch's URL or the proxy's. */
        @FunctionalInterface
        private interface Direct {
            byte[] call(String base) throws Exception;
        }

        private List<Query> mix() {
            return List.of(
                    new Query("full text + filters + highlight (7 days)",
                            () -> get(service + "/v1/events" + qs("q", "payroll", "outcome", "failure", "from", "now-7d", "highlight", "true", "size", "50")),
                            base -> direct(base, search(params("q", "payroll", "outcome", "failure", "from", "now-7d"), 50, true))),
                    new Query("full text over details, all time",
                            () -> get(service + "/v1/events" + qs("q", "escalation vendor", "size", "50")),
                            base -> direct(base, search(params("q", "escalation vendor"), 50, false))),
                    new Query("filters: user + action prefix, 30 days",
                            () -> get(service + "/v1/events" + qs("user", "user7", "action", "role.*", "from", "now-30d", "size", "100")),
                            base -> direct(base, search(params("user", "user7", "action", "role.*", "from", "now-30d"), 100, false))),
                    new Query("failed logins from a /16, 24 hours",
                            () -> get(service + "/v1/events" + qs("action", "user.login", "outcome", "failure", "source_ip", "10.3.0.0/16", "from", "now-24h")),
                            base -> direct(base, search(params("action", "user.login", "outcome", "failure", "source_ip", "10.3.0.0/16", "from", "now-24h"), 50, false))),
                    new Query("facets + timeline, 7 days",
                            () -> get(service + "/v1/events/_aggregate" + qs("from", "now-7d", "facet", "user", "facet", "action", "facet", "outcome")),
                            base -> direct(base, aggregate(params("from", "now-7d", "facet", "user", "facet", "action", "facet", "outcome")))),
                    new Query("deep paging: 20 cursor pages of 500", () -> walkService(20, 500), base -> walkDirect(base, 20, 500)));
        }

        void all(boolean withExport) throws Exception {
            List<Query> mix = mix().stream().filter(q -> q.name().contains(only)).toList();
            if (mix.isEmpty()) {
                throw new IllegalArgumentException("--only " + only + " names no query of the mix");
            }
            // a service is measured running, not starting. HotSpot compiles a method with C2 only after about 5,000 to
            // 15,000 calls (Tier4 thresholds), and the service's per-request code runs once per request: after the mix's
            // warm-up alone (about 500 service requests) it still ran as C1 code with profiling counters. So the service
            // first takes its own requests with small pages (the same code, little work for Elasticsearch), then all
            // three paths run the whole mix (the proxy and the benchmark's client warm up there) before anything is timed
            long warm = System.nanoTime();
            int served = warmService(serviceWarmupRequests);
            System.out.printf(Locale.ROOT, "%nService warm-up: %,d requests with pages of 5 (%.0f s)", served, (System.nanoTime() - warm) / 1e9);
            warm = System.nanoTime();
            for (int i = 0; i < warmupRounds; i++) {
                for (Query q : mix) {
                    q.service().call();
                    q.direct().call(es);
                    q.direct().call(proxy);
                }
            }
            System.out.printf(Locale.ROOT, "%nWarm-up: the mix %d times through all three paths (%.0f s)%n", warmupRounds, (System.nanoTime() - warm) / 1e9);
            PathComparison comparison = new PathComparison(rounds);
            comparison.header();
            for (Query q : mix) {
                comparison.time(q.name(), q.service(), () -> q.direct().call(es), () -> q.direct().call(proxy));
            }
            comparison.summary();
            if (withExport) {
                export();
            }
        }

        /** The mix's service calls with pages of 5 (the facets every tenth time) until {@code requests} were served. */
        private int warmService(int requests) throws Exception {
            int served = 0;
            for (int cycle = 0; served < requests; cycle++) {
                get(service + "/v1/events" + qs("q", "payroll", "outcome", "failure", "from", "now-7d", "highlight", "true", "size", "5"));
                get(service + "/v1/events" + qs("q", "escalation vendor", "size", "5"));
                get(service + "/v1/events" + qs("user", "user7", "action", "role.*", "from", "now-30d", "size", "5"));
                get(service + "/v1/events" + qs("action", "user.login", "outcome", "failure", "source_ip", "10.3.0.0/16", "from", "now-24h", "size", "5"));
                served += 4 + walkService(20, 5);
                if (cycle % 10 == 0) {
                    get(service + "/v1/events/_aggregate" + qs("from", "now-7d", "facet", "user", "facet", "action", "facet", "outcome"));
                    served++;
                }
            }
            return served;
        }

        private QueryParameters params(String... kv) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
            }
            return QueryParameters.of(m);
        }

        /** The very HTTP request the service sends for a first page (same builders, same filter_path). */
        private RawSearch.Call search(QueryParameters p, int size, boolean highlight) {
            return searches.firstPageCall(withPage(p, size, highlight), Optional.empty());
        }

        private static QueryParameters withPage(QueryParameters p, int size, boolean highlight) {
            Map<String, List<String>> m = new LinkedHashMap<>(p.canonical(java.util.Set.of()));
            m.put("size", List.of(String.valueOf(size)));
            m.put("highlight", List.of(String.valueOf(highlight)));
            return QueryParameters.of(m);
        }

        /** The very HTTP request the service's typed client sends for these aggregation parameters. */
        private RawSearch.Call aggregate(QueryParameters p) {
            SearchRequest request = aggregations.request(p, Optional.empty());
            return new RawSearch.Call(SearchRequest._ENDPOINT.method(request), SearchRequest._ENDPOINT.requestUrl(request),
                    SearchRequest._ENDPOINT.queryParameters(request), JsonpUtils.toJsonString(request, JSONP).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sends a request to {@code base} (Elasticsearch or the proxy). Built on every call, like the service's: a request built
         * once would repeat byte for byte, and Elasticsearch's request cache would answer a size-0 aggregation from memory.
         */
        private static byte[] direct(String base, RawSearch.Call call) throws Exception {
            String uri = base + call.path() + "?" + call.parameters().entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
            return send(call.method(), uri, call.body());
        }

        /** Follows the cursors through the service for up to {@code pages} pages; answers how many it got. */
        private int walkService(int pages, int size) throws Exception {
            JsonNode page = JSON.readTree(get(service + "/v1/events" + qs("from", "now-30d", "size", String.valueOf(size))));
            int got = 1;
            for (; got < pages && page.hasNonNull("next_cursor"); got++) {
                page = JSON.readTree(get(service + "/v1/events" + qs("cursor", page.get("next_cursor").asText(), "size", String.valueOf(size))));
            }
            return got;
        }

        /** The service's walk, request for request, sent to {@code base}: a plain first page, then a PIT over the period's indices and PIT pages. */
        private byte[] walkDirect(String base, int pages, int size) throws Exception {
            QueryParameters p = withPage(params("from", "now-30d"), size, false);
            byte[] answer = direct(base, searches.firstPageCall(p, Optional.empty()));
            JsonNode page = JSON.readTree(answer);
            List<String> indices = queries.indices(EventFilter.from(params("from", "now-30d"), Instant.now()).time(), Instant.now());
            String pit = null;
            for (int i = 1; i < pages && page.at("/hits/hits").size() == size; i++) {
                if (pit == null) {
                    pit = JSON.readTree(post(base + "/" + String.join(",", indices) + "/_pit?keep_alive=5m&ignore_unavailable=true", null)).get("id").asText();
                }
                JsonNode last = page.at("/hits/hits").get(size - 1).get("sort");
                answer = direct(base, searches.nextPageCall(p, Optional.empty(), pit, last.get(0).asLong(), last.get(1).asText(), size));
                page = JSON.readTree(answer);
                pit = page.path("pit_id").asText(pit);
            }
            if (pit != null) { // closed outside the timed work and the proxy, as the service leaves its open PIT to the keep-alive
                HTTP.sendAsync(HttpRequest.newBuilder(URI.create(es + "/_pit")).header("content-type", "application/json")
                        .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"id\":\"" + pit + "\"}")).build(), HttpResponse.BodyHandlers.discarding());
            }
            return answer;
        }

        /** Streams the export of every benchmark event and counts lines; then the same through PIT pages directly. */
        private void export() throws Exception {
            for (String format : List.of("ndjson", "csv")) {
                long t0 = System.nanoTime();
                HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(service + "/v1/events/_export"
                        + qs("format", format, "service", SERVICE_PREFIX + "0", "service", SERVICE_PREFIX + "1", "service", SERVICE_PREFIX + "2",
                        "service", SERVICE_PREFIX + "3", "service", SERVICE_PREFIX + "4"))).header("Authorization", TestCredentials.authorization())
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("export " + format + " answered " + r.statusCode() + ": " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
                }
                long lines = 0;
                long bytes = 0;
                try (InputStream in = r.body()) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytes += n;
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                lines++;
                            }
                        }
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                long events = format.equals("csv") ? lines - 1 : lines;
                System.out.printf(Locale.ROOT, "export %-6s via service: %,d events, %,d MB in %.1f s = %,.0f events/s%n",
                        format, events, bytes >> 20, s, events / s);
            }
            long t0 = System.nanoTime();
            long events = 0;
            String pit = JSON.readTree(post(es + "/audit-events/_pit?keep_alive=1m", null)).get("id").asText();
            JsonNode last = null;
            while (true) {
                JsonNode after = last;
                String pitId = pit;
                SearchRequest request = SearchRequest.of(b -> {
                    b.pit(p -> p.id(pitId).keepAlive(k -> k.time("1m"))).query(q -> q.prefix(x -> x.field("service.name").value(SERVICE_PREFIX)))
                            .size(5000).sort(EventQueryBuilder.sort(true)).trackTotalHits(t -> t.enabled(false));
                    if (after != null) {
                        b.searchAfter(FieldValue.of(after.get(0).asLong()), FieldValue.of(after.get(1).asText()));
                    }
                    return b;
                });
                JsonNode hits = JSON.readTree(post(es + "/_search", JsonpUtils.toJsonString(request, JSONP))).at("/hits/hits");
                events += hits.size();
                if (hits.size() < 5000) {
                    break;
                }
                last = hits.get(hits.size() - 1).get("sort");
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "export direct PIT pages of 5000:  %,d events in %.1f s = %,.0f events/s%n", events, s, events / s);
        }

        private static String qs(String... kv) {
            StringBuilder sb = new StringBuilder("?");
            for (int i = 0; i < kv.length; i += 2) {
                if (i > 0) {
                    sb.append('&');
                }
                sb.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
            }
            return sb.toString();
        }

        private static byte[] get(String uri) throws Exception {
            // the service's credentials; a cluster without security ignores the header
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", TestCredentials.authorization())
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        }

        private static byte[] post(String uri, String body) throws Exception {
            return send("POST", uri, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }

        private static byte[] send(String method, String uri, byte[] body) throws Exception {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).header("content-type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        }
    }
}
