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
 * then runs a fixed mix of forensic queries through the service and the equivalent queries straight
 * against Elasticsearch in the same run, interleaved, and prints p50/p99 of both and the ratio, plus
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
            System.out.println("bin/bench-search [--events N (1000000)] [--rounds R (40)] [--warmup-rounds W (20)] [--heap 2g] [--export true|false]");
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
        try (ApplicationContext ctx = ApplicationContext.run(properties)) {
            EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start();
            String service = server.getURI().toString();
            Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
            SearchBenchData.load(ctx.getBean(EventPreparer.class), es, events, end);
            new Run(ctx.getBean(EventQueryBuilder.class), ctx.getBean(EventSearchService.class), ctx.getBean(AggregationService.class),
                    es, service, rounds, Integer.parseInt(opts.getOrDefault("warmup-rounds", "20"))).all(Boolean.parseBoolean(opts.getOrDefault("export", "true")));
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

    /** The query mix; each query runs through the service and directly, interleaved, {@code rounds} times. */
    private record Run(EventQueryBuilder queries, EventSearchService searches, AggregationService aggregations,
                       String es, String service, int rounds, int warmupRounds) {

        /** One query of the mix: its name, the call through the service and the same request straight to Elasticsearch. */
        private record Query(String name, Callable service, Callable direct) {
        }

        private List<Query> mix() {
            return List.of(
                    new Query("full text + filters + highlight (7 days)",
                            () -> get(service + "/v1/events" + qs("q", "payroll", "outcome", "failure", "from", "now-7d", "highlight", "true", "size", "50")),
                            () -> direct(search(params("q", "payroll", "outcome", "failure", "from", "now-7d"), 50, true)).call()),
                    new Query("full text over details, all time",
                            () -> get(service + "/v1/events" + qs("q", "escalation vendor", "size", "50")),
                            () -> direct(search(params("q", "escalation vendor"), 50, false)).call()),
                    new Query("filters: user + action prefix, 30 days",
                            () -> get(service + "/v1/events" + qs("user", "user7", "action", "role.*", "from", "now-30d", "size", "100")),
                            () -> direct(search(params("user", "user7", "action", "role.*", "from", "now-30d"), 100, false)).call()),
                    new Query("failed logins from a /16, 24 hours",
                            () -> get(service + "/v1/events" + qs("action", "user.login", "outcome", "failure", "source_ip", "10.3.0.0/16", "from", "now-24h")),
                            () -> direct(search(params("action", "user.login", "outcome", "failure", "source_ip", "10.3.0.0/16", "from", "now-24h"), 50, false)).call()),
                    new Query("facets + timeline, 7 days",
                            () -> get(service + "/v1/events/_aggregate" + qs("from", "now-7d", "facet", "user", "facet", "action", "facet", "outcome")),
                            () -> direct(aggregate(params("from", "now-7d", "facet", "user", "facet", "action", "facet", "outcome"))).call()),
                    new Query("deep paging: 20 cursor pages of 500", () -> walkService(20, 500), () -> walkDirect(20, 500)));
        }

        void all(boolean withExport) throws Exception {
            List<Query> mix = mix();
            // a service is measured running, not starting: both paths run the whole mix first, so the JIT has
            // compiled the service's request path (and the benchmark's own client) before anything is timed
            long warm = System.nanoTime();
            for (int i = 0; i < warmupRounds; i++) {
                for (Query q : mix) {
                    q.service().call();
                    q.direct().call();
                }
            }
            System.out.printf(Locale.ROOT, "%nWarm-up: the mix %d times through both paths (%.0f s)%n", warmupRounds, (System.nanoTime() - warm) / 1e9);
            System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s %10s %7s%n", "query (" + rounds + " rounds each)", "svc p50", "svc p99", "es p50", "es p99", "p50 x");
            List<double[]> ratios = new ArrayList<>();
            for (Query q : mix) {
                ratios.add(compare(q.name(), q.service(), q.direct()));
            }
            double[] p50s = ratios.stream().mapToDouble(r -> r[0]).toArray();
            double[] directs = ratios.stream().mapToDouble(r -> r[1]).toArray();
            double svc = Arrays.stream(p50s).sum();
            double dir = Arrays.stream(directs).sum();
            System.out.printf(Locale.ROOT, "%-44s %10.1f %10s %10.1f %10s %7.2f%n", "mix (sum of p50s)", svc, "", dir, "", svc / dir);
            if (withExport) {
                export();
            }
        }

        private double[] compare(String name, Callable service, Callable direct) throws Exception {
            double[] s = new double[rounds];
            double[] d = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                // alternate which goes first, so neither always finds the other's work fresh in Elasticsearch's caches
                boolean serviceFirst = i % 2 == 0;
                long t0 = System.nanoTime();
                (serviceFirst ? service : direct).call();
                long t1 = System.nanoTime();
                (serviceFirst ? direct : service).call();
                long t2 = System.nanoTime();
                s[i] = (serviceFirst ? t1 - t0 : t2 - t1) / 1e6;
                d[i] = (serviceFirst ? t2 - t1 : t1 - t0) / 1e6;
            }
            Arrays.sort(s);
            Arrays.sort(d);
            double sp50 = pct(s, 50);
            double dp50 = pct(d, 50);
            System.out.printf(Locale.ROOT, "%-44s %8.1fms %8.1fms %8.1fms %8.1fms %7.2f%n", name, sp50, pct(s, 99), dp50, pct(d, 99), sp50 / dp50);
            return new double[] {sp50, dp50};
        }

        private static double pct(double[] sorted, int p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
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
         * Sends a request straight to Elasticsearch. Built on every call, like the service's: a request built once
         * would repeat byte for byte, and Elasticsearch's request cache would answer a size-0 aggregation from memory.
         */
        private Callable direct(RawSearch.Call call) {
            String uri = es + call.path() + "?" + call.parameters().entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
            return () -> send(call.method(), uri, call.body());
        }

        private Object walkService(int pages, int size) throws Exception {
            JsonNode page = JSON.readTree(get(service + "/v1/events" + qs("from", "now-30d", "size", String.valueOf(size))));
            for (int i = 1; i < pages && page.hasNonNull("next_cursor"); i++) {
                page = JSON.readTree(get(service + "/v1/events" + qs("cursor", page.get("next_cursor").asText(), "size", String.valueOf(size))));
            }
            return page;
        }

        /** The service's walk, request for request: a plain first page, then a PIT over the period's indices and PIT pages. */
        private Object walkDirect(int pages, int size) throws Exception {
            QueryParameters p = withPage(params("from", "now-30d"), size, false);
            JsonNode page = JSON.readTree((byte[]) direct(searches.firstPageCall(p, Optional.empty())).call());
            List<String> indices = queries.indices(EventFilter.from(params("from", "now-30d"), Instant.now()).time(), Instant.now());
            String pit = null;
            for (int i = 1; i < pages && page.at("/hits/hits").size() == size; i++) {
                if (pit == null) {
                    pit = JSON.readTree(post(es + "/" + String.join(",", indices) + "/_pit?keep_alive=5m&ignore_unavailable=true", null)).get("id").asText();
                }
                JsonNode last = page.at("/hits/hits").get(size - 1).get("sort");
                page = JSON.readTree((byte[]) direct(searches.nextPageCall(p, Optional.empty(), pit, last.get(0).asLong(), last.get(1).asText(), size)).call());
                pit = page.path("pit_id").asText(pit);
            }
            if (pit != null) { // closed outside the timed work, as the service leaves its open PIT to the keep-alive
                HTTP.sendAsync(HttpRequest.newBuilder(URI.create(es + "/_pit")).header("content-type", "application/json")
                        .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"id\":\"" + pit + "\"}")).build(), HttpResponse.BodyHandlers.discarding());
            }
            return page;
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

    @FunctionalInterface
    private interface Callable {
        Object call() throws Exception;
    }
}
