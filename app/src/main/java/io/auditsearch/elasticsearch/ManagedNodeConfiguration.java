package io.auditsearch.elasticsearch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The local single-node Elasticsearch the service starts when no {@code elasticsearch.url} is set
 * ({@code audit.managed-node.*}). Its data lives under {@code $AUDIT_DATA_DIR/elasticsearch}.
 */
@ConfigurationProperties("audit.managed-node")
public class ManagedNodeConfiguration {

    /** HTTP port of the managed node; 0 picks a free one. */
    private int httpPort = 9200;
    /** JVM heap of the managed node (-Xms and -Xmx). */
    private String heap = "1g";
    /** Path of the integ-test-zip distribution; default: beside the jar, then the local Maven repository. */
    @Nullable
    private String distribution;

    public int getHttpPort() {
        return httpPort;
    }

    public void setHttpPort(int httpPort) {
        this.httpPort = httpPort;
    }

    public String getHeap() {
        return heap;
    }

    public void setHeap(String heap) {
        this.heap = heap;
    }

    @Nullable
    public String getDistribution() {
        return distribution;
    }

    public void setDistribution(@Nullable String distribution) {
        this.distribution = distribution;
    }
}
