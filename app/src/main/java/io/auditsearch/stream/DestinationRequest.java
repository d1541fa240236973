package io.auditsearch.stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.auditsearch.problem.BadRequestException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /v1/admin/streams}.
 *
 * @param name    what the destination is for
 * @param type    webhook, splunk_hec, syslog or kafka
 * @param format  ecs (default), ocsf, or cef (syslog only)
 * @param url     webhook endpoint or HEC base URL
 * @param secret  one secret (webhook {@code whsec_...}, HEC token); write-only
 * @param secrets several secrets (webhook during rotation: the new one first); write-only
 * @param options type-specific settings
 * @param filter  which events it receives
 */
@Serdeable
record DestinationRequest(@Nullable String name, @Nullable String type, @Nullable String format, @Nullable String url,
                          @Nullable String secret, @Nullable List<String> secrets, @Nullable Map<String, String> options,
                          @Schema(nullable = false, description = "absent: every event") @Nullable StreamFilter filter, @Nullable @JsonProperty("paused") Boolean paused) {

    /** The destination this request describes, or a 400 naming the first field that is wrong. */
    Destination toDestination(String createdBy) {
        String t = required("type", type);
        if (!Destination.TYPES.contains(t)) {
            throw BadRequestException.parameter("type", "must be one of " + Destination.TYPES);
        }
        String f = format == null || format.isBlank() ? "ecs" : format;
        if (!Destination.FORMATS.contains(f)) {
            throw BadRequestException.parameter("format", "must be one of " + Destination.FORMATS);
        }
        if (f.equals("cef") && !t.equals("syslog")) {
            throw BadRequestException.parameter("format", "cef is for syslog destinations only");
        }
        List<String> all = new ArrayList<>();
        if (secret != null && !secret.isBlank()) {
            all.add(secret);
        }
        if (secrets != null) {
            secrets.stream().filter(s -> s != null && !s.isBlank()).forEach(all::add);
        }
        Map<String, String> opts = options == null ? Map.of() : new LinkedHashMap<>(options);
        String u = url == null || url.isBlank() ? null : url;
        switch (t) {
            case "webhook" -> {
                httpUrl(u);
                if (all.isEmpty() || all.size() > 2) {
                    throw BadRequestException.parameter("secret", "a webhook needs one signing secret, or two during rotation");
                }
                all.forEach(DestinationRequest::webhookSecret);
            }
            case "splunk_hec" -> {
                httpUrl(u);
                if (all.size() != 1) {
                    throw BadRequestException.parameter("secret", "Splunk HEC needs its token as the one secret");
                }
                String ack = opts.getOrDefault("ack", "false");
                if (!ack.equals("true") && !ack.equals("false")) {
                    throw BadRequestException.parameter("options.ack", "must be true or false");
                }
            }
            default -> {
                // syslog and kafka: their transports check their own options when they open
            }
        }
        StreamFilter fl = filter == null ? StreamFilter.ALL : filter;
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String n = name == null || name.isBlank() ? t + "-" + id : name;
        Destination d = new Destination(id, n, t, f, u, List.copyOf(all), Map.copyOf(opts), fl,
                Boolean.TRUE.equals(paused) ? Destination.PAUSED : Destination.ACTIVE, Instant.now(), createdBy);
        checkSettings(d);
        return d;
    }

    /** Syslog and Kafka settings are checked as their transports will read them, so a bad one is a 400 now. */
    private static void checkSettings(Destination d) {
        try {
            switch (d.type()) {
                case "syslog" -> SyslogTransportFactory.settings(d, Duration.ofSeconds(10));
                case "kafka" -> KafkaTransportFactory.settings(d, Duration.ofSeconds(60));
                default -> {
                    // webhook and splunk_hec were checked above
                }
            }
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "is not valid" : e.getMessage();
            String field = message.startsWith("options.") ? message.substring(0, message.indexOf(' ')) : "options";
            throw BadRequestException.parameter(field, message);
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw BadRequestException.parameter(field, "is required");
        }
        return value;
    }

    private static void httpUrl(String u) {
        if (u == null) {
            throw BadRequestException.parameter("url", "is required for this type");
        }
        try {
            URI uri = URI.create(u);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw BadRequestException.parameter("url", "must be an absolute http or https URL");
            }
        } catch (IllegalArgumentException e) {
            throw BadRequestException.parameter("url", "is not a URL");
        }
    }

    /** Standard Webhooks: {@code whsec_} and the base64 of the key (24 to 64 bytes). */
    private static void webhookSecret(String s) {
        if (!s.startsWith("whsec_")) {
            throw BadRequestException.parameter("secret", "a webhook secret starts with whsec_ (Standard Webhooks)");
        }
        try {
            int length = Base64.getDecoder().decode(s.substring("whsec_".length())).length;
            if (length < 24 || length > 64) {
                throw BadRequestException.parameter("secret", "the key after whsec_ must be 24 to 64 bytes");
            }
        } catch (IllegalArgumentException e) {
            throw BadRequestException.parameter("secret", "the part after whsec_ must be base64");
        }
    }
}
