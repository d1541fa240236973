package io.auditsearch.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Configures an {@link AuditClient}. Only the service's address and credentials are required;
 * {@code docs/client.md} explains every setting. Without {@link #bufferDirectory} nothing is
 * written to disk: events wait in memory while the service is unreachable.
 */
public final class AuditClientBuilder {

    private final URI serviceUri;
    private String name = "default";
    private Credentials credentials;
    private int queueCapacity = 10_000;
    private int batchSize = 500;
    private Duration linger = Duration.ofMillis(200);
    private FullPolicy fullPolicy = FullPolicy.block(Duration.ofMillis(100));
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private int attemptsBeforeBuffering = 2;
    private Path bufferDirectory;
    private long bufferMaxBytes = 256L * 1024 * 1024;
    private long bufferSegmentBytes = 4L * 1024 * 1024;
    private Duration closeTimeout = Duration.ofSeconds(10);
    private DeliveryListener listener = DeliveryListener.NONE;
    private boolean micrometer = true;
    private Object meterRegistry;

    AuditClientBuilder(URI serviceUri) {
        this.serviceUri = Objects.requireNonNull(serviceUri, "service URI");
    }

    /** Sends {@code Authorization: ApiKey <key>}. The key is never logged nor printed. */
    public AuditClientBuilder apiKey(String key) {
        this.credentials = Credentials.apiKey(key);
        return this;
    }

    /** Sends {@code Authorization: Bearer <token>}, asking the supplier on every request (token refresh). */
    public AuditClientBuilder bearerToken(Supplier<String> token) {
        this.credentials = Credentials.bearer(token);
        return this;
    }

    /** Names the client in metrics tags, the sender thread and log lines. */
    public AuditClientBuilder name(String name) {
        this.name = Objects.requireNonNull(name);
        return this;
    }

    /** Events held in memory at most (default 10,000). */
    public AuditClientBuilder queueCapacity(int capacity) {
        this.queueCapacity = positive(capacity, "queue capacity");
        return this;
    }

    /** Events per {@code _bulk} request at most (default 500; the service takes up to 10,000 lines). */
    public AuditClientBuilder batchSize(int size) {
        this.batchSize = positive(Math.min(size, 10_000), "batch size");
        return this;
    }

    /** How long the sender waits for more events before sending a partial batch (default 200 ms). */
    public AuditClientBuilder linger(Duration linger) {
        this.linger = nonNegative(linger, "linger");
        return this;
    }

    /** What {@code record} does when the queue is full (default: block up to 100 ms, then drop). */
    public AuditClientBuilder fullPolicy(FullPolicy policy) {
        this.fullPolicy = Objects.requireNonNull(policy);
        return this;
    }

    public AuditClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = positive(timeout, "request timeout");
        return this;
    }

    public AuditClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connect timeout");
        return this;
    }

    /** First and largest delay between attempts (defaults 200 ms and 30 s), jittered. */
    public AuditClientBuilder backoff(Duration initial, Duration max) {
        this.initialBackoff = positive(initial, "initial backoff");
        this.maxBackoff = positive(max, "max backoff");
        return this;
    }

    /** Failed attempts of a batch before it moves to the disk buffer (default 2). */
    public AuditClientBuilder attemptsBeforeBuffering(int attempts) {
        this.attemptsBeforeBuffering = positive(attempts, "attempts before buffering");
        return this;
    }

    /** Turns the disk buffer on, in this directory (one client per directory), holding at most {@code maxBytes}. */
    public AuditClientBuilder bufferDirectory(Path directory, long maxBytes) {
        this.bufferDirectory = Objects.requireNonNull(directory);
        this.bufferMaxBytes = positive(maxBytes, "buffer max bytes");
        return this;
    }

    AuditClientBuilder bufferSegmentBytes(long bytes) {
        this.bufferSegmentBytes = positive(bytes, "segment bytes");
        return this;
    }

    /** How long {@link AuditClient#close()} tries to deliver what is queued (default 10 s). */
    public AuditClientBuilder closeTimeout(Duration timeout) {
        this.closeTimeout = nonNegative(timeout, "close timeout");
        return this;
    }

    public AuditClientBuilder listener(DeliveryListener listener) {
        this.listener = Objects.requireNonNull(listener);
        return this;
    }

    /**
     * Publishes the metrics to this Micrometer {@code MeterRegistry} (by default Micrometer's global
     * registry, when Micrometer is on the class path). Typed {@code Object} so the client needs no
     * Micrometer of its own.
     */
    public AuditClientBuilder meterRegistry(Object registry) {
        this.meterRegistry = Objects.requireNonNull(registry);
        return this;
    }

    /** Turns Micrometer publishing off (the plain getters of {@link AuditClient#metrics()} remain). */
    public AuditClientBuilder withoutMicrometer() {
        this.micrometer = false;
        return this;
    }

    /** Starts the client (and its sender thread). */
    public AuditClient build() {
        if (credentials == null) {
            throw new IllegalStateException("credentials are required: apiKey(...) or bearerToken(...)");
        }
        return new AuditClient(new ClientSettings(name, serviceUri, credentials, queueCapacity, batchSize, linger, fullPolicy,
                requestTimeout, connectTimeout, initialBackoff, maxBackoff, attemptsBeforeBuffering, bufferDirectory,
                bufferMaxBytes, bufferSegmentBytes, closeTimeout, listener, micrometer, meterRegistry));
    }

    private static int positive(int value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return value;
    }

    private static long positive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return value;
    }

    private static Duration positive(Duration value, String what) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return value;
    }

    private static Duration nonNegative(Duration value, String what) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return value;
    }
}
