package io.auditsearch.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health} part for Elasticsearch: cluster status, nodes, and whether ILM or the service does retention. */
@Singleton
class ElasticsearchHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

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
            healthStatus = health.status() == HealthStatus.Red ? io.micronaut.health.HealthStatus.DOWN : io.micronaut.health.HealthStatus.UP;
        } catch (Exception e) {
            details.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            healthStatus = io.micronaut.health.HealthStatus.DOWN;
        }
        return details;
    }

    @Override
    protected String getName() {
        return "elasticsearch";
    }
}
