package io.auditsearch.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Asks each question of the mix of the service and, as the equivalent Elasticsearch query, of
 * Elasticsearch, in pairs: within a round every pair goes in the same order, and rounds alternate
 * which side goes first. Every answer is checked (2xx, and the service's against Elasticsearch's own
 * answer of the same pair). Per round and question: the p50 of each side and their ratio.
 */
final class SearchRounds {

    /** A question's figures over all rounds: per-round p50 ratios and all latencies of each side. */
    record Result(Question question, List<Double> ratios, List<Double> serviceMs, List<Double> directMs) {
    }

    private final Http http;
    private final ServiceProcess service;
    private final Optional<String> key;
    private final Cluster cluster;
    private final Map<Question, DirectQuery.Call> direct = new LinkedHashMap<>();

    SearchRounds(Http http, ServiceProcess service, String key, Cluster cluster, List<Question> mix) {
        this.http = http;
        this.service = service;
        this.key = Optional.of(key);
        this.cluster = cluster;
        for (Question q : mix) {
            direct.put(q, q.kind() == Question.Kind.SEARCH ? DirectQuery.search(q) : DirectAggregation.of(q));
        }
    }

    Http.Answer askService(Question q) throws IOException, InterruptedException {
        return http.send("GET", service.url().resolve(q.servicePath()), key, null, null).ok("service " + q.name());
    }

    Http.Answer askDirect(Question q) throws IOException, InterruptedException {
        DirectQuery.Call call = direct.get(q);
        return cluster.call(http, "POST", call.path(), call.body()).ok("elasticsearch " + q.name());
    }

    /** Both sides once, in the given order, answers checked; answers {service ms, direct ms}. */
    double[] pair(Question q, boolean serviceFirst) throws IOException, InterruptedException {
        Http.Answer s;
        Http.Answer d;
        if (serviceFirst) {
            s = askService(q);
            d = askDirect(q);
        } else {
            d = askDirect(q);
            s = askService(q);
        }
        AnswerCheck.check(q, s.body(), d.body());
        return new double[] {s.nanos() / 1e6, d.nanos() / 1e6};
    }

    /** The mix {@code passes} times, untimed (alternating order), printing what the first check compared. */
    void warmUp(int passes) throws IOException, InterruptedException {
        for (int i = 0; i < passes; i++) {
            for (Question q : direct.keySet()) {
                if (i == 0) {
                    Http.Answer s = askService(q);
                    System.out.printf(Locale.ROOT, "  %-42s %s%n", q.name(), AnswerCheck.check(q, s.body(), askDirect(q).body()));
                } else {
                    pair(q, i % 2 == 0);
                }
            }
        }
    }

    List<Result> run(int rounds, int reps) throws IOException, InterruptedException {
        Map<Question, Result> results = new LinkedHashMap<>();
        direct.keySet().forEach(q -> results.put(q, new Result(q, new ArrayList<>(), new ArrayList<>(), new ArrayList<>())));
        for (int round = 1; round <= rounds; round++) {
            boolean serviceFirst = round % 2 == 1;
            System.out.printf(Locale.ROOT, "round %d (%s first)%n", round, serviceFirst ? "service" : "direct");
            for (Question q : direct.keySet()) {
                double[] svc = new double[reps];
                double[] es = new double[reps];
                for (int i = 0; i < reps; i++) {
                    double[] ms = pair(q, serviceFirst);
                    svc[i] = ms[0];
                    es[i] = ms[1];
                }
                Result r = results.get(q);
                double ratio = Stats.percentile(svc, 50) / Stats.percentile(es, 50);
                r.ratios().add(ratio);
                for (int i = 0; i < reps; i++) {
                    r.serviceMs().add(svc[i]);
                    r.directMs().add(es[i]);
                }
                System.out.printf(Locale.ROOT, "  %-42s service p50 %7.1f ms  direct p50 %7.1f ms  ratio %.2f%n", q.name(),
                        Stats.percentile(svc, 50), Stats.percentile(es, 50), ratio);
            }
        }
        return List.copyOf(results.values());
    }
}
