package io.auditsearch.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A place events are streamed to, as stored in {@code audit-streams}.
 *
 * @param id        stable id (also the metrics tag)
 * @param name      what it is for
 * @param type      {@code webhook}, {@code splunk_hec}, {@code syslog} or {@code kafka}
 * @param format    {@code ecs}, {@code ocsf} or {@code cef}
 * @param url       where to send (webhook: the endpoint; Splunk HEC: the collector's base URL); null for types that do not use one
 * @param secrets   write-only: the webhook's signing secrets ({@code whsec_...}, two during rotation), HEC's token, ...
 * @param options   type-specific settings (HEC: {@code ack}, {@code index}, {@code sourcetype}; syslog, Kafka: their own)
 * @param filter    which events it receives
 * @param state     {@code active}, {@code paused}, or {@code disabled} (the destination said it is gone)
 * @param createdAt when it was created
 * @param createdBy who created it
 */
public record Destination(String id, String name, String type, String format, String url, List<String> secrets,
                          Map<String, String> options, StreamFilter filter, String state, Instant createdAt, String createdBy) {

    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String DISABLED = "disabled";

    static final List<String> TYPES = List.of("webhook", "splunk_hec", "syslog", "kafka");
    static final List<String> FORMATS = List.of("ecs", "ocsf", "cef");

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name)).filter(v -> !v.isBlank());
    }

    Destination withState(String newState) {
        return new Destination(id, name, type, format, url, secrets, options, filter, newState, createdAt, createdBy);
    }

    /** Never the secrets: for logs and exceptions. */
    @Override
    public String toString() {
        return "Destination[" + id + " " + type + " " + (url == null ? "" : url) + " " + state + "]";
    }
}
