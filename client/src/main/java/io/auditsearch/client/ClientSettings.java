package io.auditsearch.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The settled configuration of one client (see {@link AuditClientBuilder} for each setting's meaning). */
record ClientSettings(
        String name,
        URI serviceUri,
        Credentials credentials,
        int queueCapacity,
        int batchSize,
        Duration linger,
        FullPolicy fullPolicy,
        Duration requestTimeout,
        Duration connectTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        int attemptsBeforeBuffering,
        Path bufferDirectory,
        long bufferMaxBytes,
        long bufferSegmentBytes,
        Duration closeTimeout,
        DeliveryListener listener,
        boolean micrometer,
        Object meterRegistry) {
}
