package io.auditsearch.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /health} part for Elasticsearch: cluster status, nodes, and whether ILM or the service
 * does retention. An unreachable, red or slow cluster is DEGRADED, not DOWN: the service still takes
 * events into its durable spool, so a load balancer must keep sending them (the spool's own
 * indicator is DOWN when it is full).
 *
 * <p>At most one cluster-health probe is in flight; {@code /health} waits for it no longer than
 * {@code elasticsearch.health-timeout} and otherwise answers with the last answer it has, so a stuck or
 * slow cluster never makes health checks pile up or hang.
 */
@Singleton
class ElasticsearchHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    /** Operational (HTTP 200), below DOWN's severity of 1000. */
    static final io.micronaut.health.HealthStatus DEGRADED = new io.micronaut.health.HealthStatus("DEGRADED",
            "Elasticsearch is not taking writes; events are kept in the durable spool", true, 500);

    /** A probe's outcome: the cluster's answer or why there was none. */
    private record Probe(Instant at, HealthResponse health, Throwable error) {
    }

    private final ElasticsearchAsyncClient client;
    private final ClusterCapabilities capabilities;
    private final Duration timeout;
    private CompletableFuture<Probe> inFlight;
    private Probe last;

    ElasticsearchHealthIndicator(ElasticsearchAsyncClient client, ClusterCapabilities capabilities, ElasticsearchConfiguration config) {
        this.client = client;
        this.capabilities = capabilities;
        this.timeout = config.getHealthTimeout();
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        CompletableFuture<Probe> probe = probe();
        Map<String, Object> details = new LinkedHashMap<>();
        Probe answered;
        try {
            answered = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            details.put("error", "no answer from Elasticsearch within " + timeout.toMillis() + " ms");
            Probe before = lastAnswer();
            if (before != null && before.health() != null) {
                details.put("last_answer_at", before.at().toString());
                details.put("last_status", before.health().status().jsonValue());
            }
            healthStatus = DEGRADED;
            return details;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.put("error", "interrupted");
            healthStatus = DEGRADED;
            return details;
        } catch (ExecutionException e) {
            answered = new Probe(Instant.now(), null, e.getCause());
        }
        if (answered.health() == null) {
            Throwable error = answered.error() instanceof CompletionException c && c.getCause() != null ? c.getCause() : answered.error();
            details.put("error", error.getClass().getSimpleName() + ": " + error.getMessage());
            healthStatus = DEGRADED;
            return details;
        }
        HealthResponse health = answered.health();
        details.put("cluster_name", health.clusterName());
        details.put("status", health.status().jsonValue());
        details.put("number_of_nodes", health.numberOfNodes());
        details.put("ilm", capabilities.hasIlm());
        details.put("retention_mode", capabilities.hasIlm() ? "ilm" : "service");
        healthStatus = health.status() == HealthStatus.Red ? DEGRADED : io.micronaut.health.HealthStatus.UP;
        return details;
    }

    /** The probe in flight, or a new one when none is. */
    private synchronized CompletableFuture<Probe> probe() {
        if (inFlight == null || inFlight.isDone()) {
            CompletableFuture<Probe> started;
            try {
                started = client.cluster().health(h -> h.timeout(t -> t.time("2s")))
                        .handle((health, error) -> new Probe(Instant.now(), health, error));
            } catch (RuntimeException e) {
                started = CompletableFuture.completedFuture(new Probe(Instant.now(), null, e));
            }
            inFlight = started.whenComplete((p, e) -> remember(p));
        }
        return inFlight;
    }

    private synchronized void remember(Probe probe) {
        if (probe != null) {
            last = probe;
        }
    }

    private synchronized Probe lastAnswer() {
        return last;
    }

    @Override
    protected String getName() {
        return "elasticsearch";
    }
}
