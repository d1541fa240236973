package io.auditsearch.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the connected cluster can do. Detected once at startup: the minimal managed node has no
 * ILM, and everything retention-related adapts to that.
 */
@Singleton
public class ClusterCapabilities {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCapabilities.class);

    private final ElasticsearchClient client;
    private static final Duration MANAGED_NODE_WAIT = Duration.ofMinutes(2);

    private final Duration startupTimeout;
    private volatile Boolean ilm;

    ClusterCapabilities(ElasticsearchClient client, ElasticsearchConfiguration config, ElasticsearchClientFactory.Endpoint endpoint) {
        this.client = client;
        // a node we started ourselves is coming up for certain: wait for it; an external cluster only briefly
        this.startupTimeout = endpoint.managedNode().isPresent() ? MANAGED_NODE_WAIT.plus(config.getStartupTimeout()) : config.getStartupTimeout();
    }

    /** Whether index lifecycle management exists ({@code _ilm} answers). */
    public boolean hasIlm() {
        Boolean known = ilm;
        if (known == null) {
            known = detectIlm();
            ilm = known;
        }
        return known;
    }

    /** Blocks until the cluster answers health with at least yellow, or the startup wait passes. */
    public void awaitCluster() {
        Instant deadline = Instant.now().plus(startupTimeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                // health, not GET /: the minimal node has no root endpoint
                var health = client.cluster().health(h -> h.waitForStatus(co.elastic.clients.elasticsearch._types.HealthStatus.Yellow).timeout(t -> t.time("5s")));
                if (!health.timedOut()) {
                    return;
                }
            } catch (IOException | ElasticsearchException e) {
                last = e;
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("Elasticsearch did not become available within " + startupTimeout
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /** One health check with a short wait; throws when the cluster does not answer yellow or better. */
    void awaitClusterOnce() {
        try {
            var health = client.cluster().health(h -> h.waitForStatus(co.elastic.clients.elasticsearch._types.HealthStatus.Yellow)
                    .timeout(t -> t.time("5s")));
            if (health.timedOut()) {
                throw new IllegalStateException("cluster health is " + health.status().jsonValue());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean detectIlm() {
        try {
            client.ilm().getStatus();
            return true;
        } catch (ElasticsearchException e) {
            // the minimal distribution answers 400 "no handler found" where the ILM module is absent
            LOG.info("Cluster has no ILM ({}): retention will be enforced by the service", e.status());
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
        }
    }
}
