package io.auditsearch.elasticsearch;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At startup: waits for the cluster, detects its capabilities and installs the index templates,
 * before the HTTP server takes any event.
 */
@Context
@Requires(property = "audit.bootstrap.enabled", notEquals = "false")
class ElasticsearchBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchBootstrap.class);

    private final ClusterCapabilities capabilities;
    private final TemplateInstaller installer;

    ElasticsearchBootstrap(ClusterCapabilities capabilities, TemplateInstaller installer) {
        this.capabilities = capabilities;
        this.installer = installer;
    }

    @PostConstruct
    void bootstrap() {
        capabilities.awaitCluster();
        boolean ilm = capabilities.hasIlm();
        try {
            installer.install(ilm);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install the index templates", e);
        }
        LOG.info("Elasticsearch ready (ILM {})", ilm ? "present" : "absent: service-side retention");
    }
}
