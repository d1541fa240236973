package io.auditsearch.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.auditsearch.AuditConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Elasticsearch client: against {@code elasticsearch.url} when set, else against a
 * managed local node started here and stopped with the application context.
 */
@Factory
class ElasticsearchClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchClientFactory.class);

    /** The cluster's HTTP endpoints, and the managed node behind them if we started one. */
    record Endpoint(List<URI> hosts, Optional<ManagedElasticsearchNode> managedNode) implements AutoCloseable {
        @Override
        public void close() {
            managedNode.ifPresent(ManagedElasticsearchNode::close);
        }
    }

    @Singleton
    @Bean(preDestroy = "close")
    Endpoint endpoint(ElasticsearchConfiguration config, ManagedNodeConfiguration managed, AuditConfiguration audit) throws IOException {
        Optional<String> url = config.url();
        if (url.isPresent()) {
            List<URI> hosts = Arrays.stream(url.get().split(",")).map(String::trim).map(URI::create).toList();
            LOG.info("Using Elasticsearch at {}", hosts);
            return new Endpoint(hosts, Optional.empty());
        }
        Path zip = Optional.ofNullable(managed.getDistribution()).map(Path::of)
                .or(ManagedElasticsearchNode::findDistribution)
                .orElseThrow(() -> new IllegalStateException(
                        "No elasticsearch.url (ELASTICSEARCH_URL) is set and the managed node's distribution "
                                + "(org.elasticsearch.distribution.integ-test-zip:elasticsearch zip) was not found: run "
                                + "./mvnw package first or set audit.managed-node.distribution"));
        Path base = audit.dataPath().resolve("elasticsearch");
        LOG.info("No ELASTICSEARCH_URL set: starting a managed Elasticsearch node in {}", base);
        ManagedElasticsearchNode node = ManagedElasticsearchNode.start(new ManagedNodeOptions(
                zip, base, managed.getHttpPort(), 0, managed.getHeap(), "audit-search", "audit-search-managed",
                Map.of(), true));
        LOG.info("Managed Elasticsearch node is up at {}", node.httpUri());
        return new Endpoint(List.of(node.httpUri()), Optional.of(node));
    }

    @Singleton
    @Bean(preDestroy = "close")
    ElasticsearchTransport transport(Endpoint endpoint, ElasticsearchConfiguration config) throws IOException {
        Optional<SSLContext> ssl = sslContext(config);
        return ElasticsearchClient.of(b -> {
            b.hosts(endpoint.hosts()).jsonMapper(new JacksonJsonpMapper());
            ssl.ifPresent(b::sslContext);
            if (config.apiKey().isPresent()) {
                b.apiKey(config.apiKey().get());
            } else if (config.username().isPresent()) {
                b.usernameAndPassword(config.username().get(), config.password().orElse(""));
            }
            return b;
        })._transport();
    }

    /** Trust for an https cluster: its CA's PEM file or the CA's fingerprint; none given: the JDK's trust store. */
    private static Optional<SSLContext> sslContext(ElasticsearchConfiguration config) throws IOException {
        if (config.caCertificate().isPresent()) {
            File pem = new File(config.caCertificate().get());
            if (!pem.canRead()) {
                throw new IOException("elasticsearch.ca-certificate (ELASTICSEARCH_CA_CERT): cannot read " + pem);
            }
            LOG.info("Trusting the Elasticsearch CA certificate in {}", pem);
            return Optional.of(TransportUtils.sslContextFromHttpCaCrt(pem));
        }
        if (config.caFingerprint().isPresent()) {
            LOG.info("Trusting the Elasticsearch CA by its SHA-256 fingerprint");
            return Optional.of(TransportUtils.sslContextFromCaFingerprint(config.caFingerprint().get()));
        }
        return Optional.empty();
    }

    /** The low-level REST client under the transport (same hosts, credentials and trust), for raw bodies; closed with it. */
    @Singleton
    Rest5Client restClient(ElasticsearchTransport transport) {
        return ((Rest5ClientTransport) transport).restClient();
    }

    @Singleton
    ElasticsearchClient client(ElasticsearchTransport transport) {
        return new ElasticsearchClient(transport);
    }

    @Singleton
    ElasticsearchAsyncClient asyncClient(ElasticsearchTransport transport) {
        return new ElasticsearchAsyncClient(transport);
    }
}
