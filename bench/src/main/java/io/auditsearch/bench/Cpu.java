package io.auditsearch.bench;

import java.time.Duration;
import java.util.Optional;

/** CPU time of the processes of a run: the service's and the managed Elasticsearch node's (empty for an external cluster). */
record Cpu(Duration service, Optional<Duration> elasticsearch) {

    static Cpu now(ServiceProcess service, Cluster cluster) {
        return new Cpu(service.cpu(), cluster.node().flatMap(n -> ProcessHandle.of(n.pid()))
                .flatMap(p -> p.info().totalCpuDuration()));
    }

    /** Seconds of CPU the service and the managed node used together since {@code before}; empty for an external cluster. */
    Optional<Double> totalSince(Cpu before) {
        return elasticsearch.flatMap(after -> before.elasticsearch().map(b -> after.minus(b)))
                .map(es -> (es.toMillis() + service.minus(before.service()).toMillis()) / 1e3);
    }

    /** CPU used since {@code before}, as "service 1.2 s, es 3.4 s". */
    String since(Cpu before) {
        String es = elasticsearch.flatMap(after -> before.elasticsearch().map(b -> after.minus(b)))
                .map(d -> String.format(java.util.Locale.ROOT, ", es %.1f s", d.toMillis() / 1e3)).orElse("");
        return String.format(java.util.Locale.ROOT, "cpu: service %.1f s%s", service.minus(before.service()).toMillis() / 1e3, es);
    }
}
