package io.auditsearch.integrity;

import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each new signed checkpoint to {@code audit.integrity.publish-url} (a witness, a mirror, a
 * ticketing hook) as {@code text/plain}, with the log in {@code Audit-Integrity-Log}. Best effort:
 * a failure is logged and the next checkpoint is sent anyway.
 */
@Singleton
class CheckpointPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);

    private final IntegrityConfiguration config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CheckpointPublisher(IntegrityConfiguration config) {
        this.config = config;
    }

    void publish(StoredCheckpoint checkpoint) {
        config.getPublishUrl().ifPresent(url -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "text/plain; charset=utf-8").header("Audit-Integrity-Log", checkpoint.log())
                    .POST(HttpRequest.BodyPublishers.ofString(checkpoint.note())).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() >= 300) {
                    LOG.warn("Publishing checkpoint {} of {} failed: {}", checkpoint.size(), checkpoint.log(),
                            e != null ? e.toString() : "HTTP " + r.statusCode());
                }
            });
        });
    }
}
