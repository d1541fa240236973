package io.auditsearch.micronaut;

import io.auditsearch.client.AuditClient;
import io.auditsearch.client.AuditClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

/** The application's {@link AuditClient}, when {@code audit-search.client.url} is set; closed with the context. */
@Factory
class AuditClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "audit-search.client.url")
    AuditClient auditClient(AuditClientConfiguration config) {
        if (config.getApiKey() == null || config.getApiKey().isBlank()) {
            throw new ConfigurationException("audit-search.client.api-key is required when audit-search.client.url is set");
        }
        AuditClientBuilder builder = AuditClient.builder(config.getUrl())
                .apiKey(config.getApiKey())
                .name(config.getName())
                .queueCapacity(config.getQueueCapacity())
                .batchSize(config.getBatchSize())
                .linger(config.getLinger())
                .closeTimeout(config.getCloseTimeout());
        if (config.getBufferDirectory() != null) {
            builder.bufferDirectory(config.getBufferDirectory(), config.getBufferMaxBytes());
        }
        return builder.build();
    }
}
