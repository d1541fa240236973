package io.auditsearch.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} part for Elasticsearch: cluster status, nodes, and whether ILM or the service
 * does retention. An unreachable or red cluster is DEGRADED, not DOWN: the service still takes
 * events into its durable spool, so a load balancer must keep sending them (the spool's own
 * indicator is DOWN when it is full).
 */
@Singleton
class ElasticsearchHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    /** Operational (HTTP 200), below DOWN's severity of 1000. */
    static final io.micronaut.health.HealthStatus DEGRADED = new io.micronaut.health.HealthStatus("DEGRADED",
            "Elasticsearch is not taking writes; events are kept in the durable spool", true, 500);

    private final ElasticsearchClient client;
    private final ClusterCapabilities capabilities;

    ElasticsearchHealthIndicator(ElasticsearchClient client, ClusterCapabilities capabilities) {
        this.client = client;
        this.capabilities = capabilities;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        try {
            HealthResponse health = client.cluster().health(h -> h.timeout(t -> t.time("2s")));
            details.put("cluster_name", health.clusterName());
            details.put("status", health.status().jsonValue());
            details.put("number_of_nodes", health.numberOfNodes());
            details.put("ilm", capabilities.hasIlm());
            details.put("retention_mode", capabilities.hasIlm() ? "ilm" : "service");
            healthStatus = health.status() == HealthStatus.Red ? DEGRADED : io.micronaut.health.HealthStatus.UP;
        } catch (Exception e) {
            details.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            healthStatus = DEGRADED;
        }
        return details;
    }

    @Override
    protected String getName() {
        return "elasticsearch";
    }
}
