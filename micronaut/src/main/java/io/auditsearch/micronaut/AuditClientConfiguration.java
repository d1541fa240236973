package io.auditsearch.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code audit-search.client.*}: where the events go and how they are sent. The client is created
 * when {@code url} is set; {@code api-key} is required then (never logged).
 */
@ConfigurationProperties("audit-search.client")
public class AuditClientConfiguration {

    private URI url;
    private String apiKey;
    private String name = "default";
    private String serviceName;
    private int queueCapacity = 10_000;
    private int batchSize = 500;
    private Duration linger = Duration.ofMillis(200);
    private Path bufferDirectory;
    private long bufferMaxBytes = 512L * 1024 * 1024;
    private Duration closeTimeout = Duration.ofSeconds(10);
    private String tenantAttribute = "tenant";

    /** The service's base URL, e.g. {@code https://audit.example.com}. */
    public URI getUrl() {
        return url;
    }

    public void setUrl(URI url) {
        this.url = url;
    }

    /** The API key (role {@code ingest}). */
    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Names the sender thread, log lines and metrics. */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** {@code service.name} of every event; default {@code micronaut.application.name}. */
    public String getServiceName() {
        return serviceName;
    }

    public void setServiceName(String serviceName) {
        this.serviceName = serviceName;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getLinger() {
        return linger;
    }

    public void setLinger(Duration linger) {
        this.linger = linger;
    }

    /** The disk buffer's directory (events kept while the service is unreachable); none by default. */
    public Path getBufferDirectory() {
        return bufferDirectory;
    }

    public void setBufferDirectory(Path bufferDirectory) {
        this.bufferDirectory = bufferDirectory;
    }

    public long getBufferMaxBytes() {
        return bufferMaxBytes;
    }

    public void setBufferMaxBytes(long bufferMaxBytes) {
        this.bufferMaxBytes = bufferMaxBytes;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    /** The authentication attribute (JWT claim) holding the tenant, for {@code organization.id}. */
    public String getTenantAttribute() {
        return tenantAttribute;
    }

    public void setTenantAttribute(String tenantAttribute) {
        this.tenantAttribute = tenantAttribute;
    }

    @Override
    public String toString() {
        return "AuditClientConfiguration[url=" + url + ", apiKey=" + (apiKey == null ? "unset" : "[redacted]") + ", name=" + name + "]";
    }
}
