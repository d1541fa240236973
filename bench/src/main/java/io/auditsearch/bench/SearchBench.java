package io.auditsearch.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/bench-search}: search, aggregation and export through the service against the equivalent
 * requests straight to Elasticsearch, on {@code --events} stored events (loaded through the service when
 * missing). Per question the figure is the median of the rounds' p50 ratios service/direct; over the
 * mix their geometric mean. Every answer is checked against Elasticsearch's own.
 */
public final class SearchBench {

    private static final double QUESTION_TARGET = 1.10;
    private static final double MIX_TARGET = 1.05;

    private SearchBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs o = BenchArgs.parse(args, Map.ofEntries(Map.entry("events", "1000000"), Map.entry("rounds", "7"),
                Map.entry("reps", "15"), Map.entry("warmup", "20"), Map.entry("service-warmup", "2000"),
                Map.entry("request-cache", "off"), Map.entry("probe", "10"), Map.entry("export-days", "3"),
                Map.entry("export-rounds", "3"), Map.entry("es-heap", "2g"), Map.entry("load-only", "false")));
        if (o.help()) {
            System.out.println("bin/bench-search " + o.describe());
            return;
        }
        long started = System.nanoTime();
        System.out.println("bench-search " + o.describe());
        try (Http http = new Http(); Cluster cluster = Cluster.start("bench-search", o.text("es-heap"))) {
            System.out.println("Elasticsearch: " + cluster.describe());
            ServiceProcess service = ServiceProcess.start(cluster, "bench-search", http);
            GcReport gc;
            try {
                run(o, http, cluster, service);
            } finally {
                gc = service.stop();
            }
            System.out.println(gc.describe());
        }
        System.out.printf(Locale.ROOT, "bench-search took %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static void run(BenchArgs o, Http http, Cluster cluster, ServiceProcess service) throws Exception {
        long t = System.nanoTime();
        SearchData.Meta data = SearchData.ensure(cluster, http, service, o.integer("events"));
        long stored = new AuditIndices(cluster, http).count();
        System.out.printf(Locale.ROOT, "Data ready in %.0f s: %,d events over the 30 days to %s%n", (System.nanoTime() - t) / 1e9,
                stored, data.end());
        if (o.text("load-only").equals("true")) {
            return;
        }
        service.awaitIntegrated(Duration.ofHours(1));
        String key = service.createKey("read");
        List<Question> mix = QuestionMix.of(data.end());
        SearchRounds rounds = new SearchRounds(http, service, key, cluster, mix);
        RequestCache cache = new RequestCache(cluster, http);
        boolean cacheOn = o.text("request-cache").equals("on");
        cache.enable(cacheOn);
        try {
            System.out.println("Request cache " + (cacheOn ? "on" : "off") + " (index.requests.cache.enable on the audit indices);"
                    + " probe, " + o.integer("probe") + " asks per side:");
            rounds.warmUp(1);
            cache.probe(rounds, mix, o.integer("probe"), service, key);
            t = System.nanoTime();
            Question cheap = Question.of("service warm-up", Question.Kind.SEARCH, "tenant", "org-acme", "from",
                    data.end().minus(Duration.ofDays(7)).toString(), "to", data.end().toString(), "size", "5");
            for (int i = 0; i < o.integer("service-warmup"); i++) {
                rounds.askService(cheap);
            }
            System.out.printf(Locale.ROOT, "Warm-up: %d small pages from the service, then the mix %d times on both sides...%n",
                    o.integer("service-warmup"), o.integer("warmup"));
            rounds.warmUp(o.integer("warmup"));
            System.out.printf(Locale.ROOT, "Warm-up took %.0f s; every answer checked against Elasticsearch's%n", (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            List<SearchRounds.Result> results = rounds.run(o.integer("rounds"), o.integer("reps"));
            System.out.printf(Locale.ROOT, "Rounds took %.0f s%n", (System.nanoTime() - t) / 1e9);
            summary(results, stored, o, cacheOn);
            t = System.nanoTime();
            Question period = Question.of("export", Question.Kind.SEARCH, "from",
                    data.end().minus(Duration.ofDays(o.integer("export-days"))).toString(), "to", data.end().toString());
            System.out.printf(Locale.ROOT, "Export, %d days (GET /v1/events/_export?format=ndjson):%n", o.integer("export-days"));
            double exportRatio = ExportRate.rounds(http, service, key, cluster, period, o.integer("export-rounds"));
            System.out.printf(Locale.ROOT, "export rate ratio service/direct: median %.2f of %d rounds (%.0f s)%n", exportRatio,
                    o.integer("export-rounds"), (System.nanoTime() - t) / 1e9);
        } finally {
            cache.enable(true);
        }
    }

    private static void summary(List<SearchRounds.Result> results, long stored, BenchArgs o, boolean cacheOn) {
        System.out.printf(Locale.ROOT, "%nSummary, %,d events, %d rounds x %d asks per side, request cache %s:%n", stored,
                o.integer("rounds"), o.integer("reps"), cacheOn ? "on" : "off");
        System.out.printf(Locale.ROOT, "  %-42s %10s %10s %10s %10s %16s%n", "question", "svc p50", "es p50", "svc p99", "es p99",
                "ratio (min-max)");
        List<Double> medians = new ArrayList<>();
        boolean allMet = true;
        for (SearchRounds.Result r : results) {
            double[] s = r.serviceMs().stream().mapToDouble(Double::doubleValue).toArray();
            double[] d = r.directMs().stream().mapToDouble(Double::doubleValue).toArray();
            double median = Stats.median(r.ratios());
            medians.add(median);
            allMet &= median <= QUESTION_TARGET;
            System.out.printf(Locale.ROOT, "  %-42s %8.1fms %8.1fms %8.1fms %8.1fms %5.2f (%.2f-%.2f)%s%n", r.question().name(),
                    Stats.percentile(s, 50), Stats.percentile(d, 50), Stats.percentile(s, 99), Stats.percentile(d, 99), median,
                    r.ratios().stream().mapToDouble(x -> x).min().orElse(0), r.ratios().stream().mapToDouble(x -> x).max().orElse(0),
                    median <= QUESTION_TARGET ? "" : "  > " + QUESTION_TARGET);
        }
        double mix = Stats.geometricMean(medians);
        System.out.printf(Locale.ROOT, "search p50 ratio service/direct: geometric mean %.3f over %d questions (target <= %.2f: %s);"
                + " every question <= %.2f: %s%n", mix, medians.size(), MIX_TARGET, mix <= MIX_TARGET ? "met" : "NOT met",
                QUESTION_TARGET, allMet ? "yes" : "no");
    }
}
