package io.auditsearch.elasticsearch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the service reaches Elasticsearch ({@code elasticsearch.*}; environment variables
 * {@code ELASTICSEARCH_URL}, {@code ELASTICSEARCH_USERNAME}, {@code ELASTICSEARCH_PASSWORD},
 * {@code ELASTICSEARCH_API_KEY}, {@code ELASTICSEARCH_CA_CERT}, {@code ELASTICSEARCH_CA_FINGERPRINT}).
 * With no URL, the service starts a managed local node.
 */
@ConfigurationProperties("elasticsearch")
public class ElasticsearchConfiguration {

    /** Base URL, e.g. {@code https://es.example:9200}; comma-separated for several nodes. Empty: managed node. */
    @Nullable
    private String url;
    /** Basic-auth user. */
    @Nullable
    private String username;
    /** Basic-auth password (never logged). */
    @Nullable
    private String password;
    /** Encoded Elasticsearch API key (never logged); used instead of username/password when set. */
    @Nullable
    private String apiKey;
    /** PEM file of the CA that signed the cluster's HTTP certificate (https URLs); else the JDK's trust store. */
    @Nullable
    private String caCertificate;
    /** SHA-256 fingerprint (hex, colons allowed) of the CA certificate, instead of {@link #caCertificate}. */
    @Nullable
    private String caFingerprint;
    /**
     * How long to wait at startup for a cluster given by {@code elasticsearch.url} before the server opens anyway
     * (events are spooled and the templates installed as soon as it answers). A managed local node is always waited for.
     */
    private Duration startupTimeout = Duration.ofSeconds(2);
    /**
     * How long {@code /health} waits for the cluster's answer: a slower cluster is reported DEGRADED (with its last
     * answer) while the one probe in flight goes on, so health never hangs on a slow or stuck cluster.
     */
    private Duration healthTimeout = Duration.ofSeconds(1);

    public Optional<String> url() {
        return Optional.ofNullable(url).filter(s -> !s.isBlank());
    }

    public Optional<String> username() {
        return Optional.ofNullable(username).filter(s -> !s.isBlank());
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey).filter(s -> !s.isBlank());
    }

    public Optional<String> caCertificate() {
        return Optional.ofNullable(caCertificate).filter(s -> !s.isBlank());
    }

    public Optional<String> caFingerprint() {
        return Optional.ofNullable(caFingerprint).filter(s -> !s.isBlank()).map(s -> s.replace(":", "").strip());
    }

    @Nullable
    public String getCaCertificate() {
        return caCertificate;
    }

    public void setCaCertificate(@Nullable String caCertificate) {
        this.caCertificate = caCertificate;
    }

    @Nullable
    public String getCaFingerprint() {
        return caFingerprint;
    }

    public void setCaFingerprint(@Nullable String caFingerprint) {
        this.caFingerprint = caFingerprint;
    }

    @Nullable
    public String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    @Nullable
    public String getUsername() {
        return username;
    }

    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    @Nullable
    public String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    @Nullable
    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(@Nullable String apiKey) {
        this.apiKey = apiKey;
    }

    public Duration getHealthTimeout() {
        return healthTimeout;
    }

    public void setHealthTimeout(Duration healthTimeout) {
        this.healthTimeout = healthTimeout;
    }

    public Duration getStartupTimeout() {
        return startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }
}
