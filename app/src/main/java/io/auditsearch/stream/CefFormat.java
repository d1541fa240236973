package io.auditsearch.stream;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * ArcSight Common Event Format: {@code CEF:0|Audit Search|Audit Search|version|action|name|severity|extension},
 * header values escaped for {@code |} and {@code \}, extension values for {@code =}, {@code \} and line breaks,
 * extension keys from the CEF dictionary and custom strings cs1..cs6 with their labels.
 */
public final class CefFormat implements PayloadFormat {

    static final String VENDOR = "Audit Search";
    static final String PRODUCT = "Audit Search";
    private static final int MAX_NAME = 512;

    private final String productVersion;

    public CefFormat(String productVersion) {
        this.productVersion = productVersion;
    }

    @Override
    public byte[] format(StreamedEvent event) {
        return line(event).getBytes(StandardCharsets.UTF_8);
    }

    String line(StreamedEvent event) {
        StreamedEcs ecs = StreamedEcs.of(event);
        String action = ecs.text("event.action").orElse("unknown");
        String name = ecs.text("message").orElse(action);
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME);
        }
        StringBuilder line = new StringBuilder("CEF:0|")
                .append(header(VENDOR)).append('|')
                .append(header(PRODUCT)).append('|')
                .append(header(productVersion)).append('|')
                .append(header(action)).append('|')
                .append(header(name)).append('|')
                .append(severity(ecs.lowerText("log.level"))).append('|');
        CefExtension ext = new CefExtension(line);
        ecs.instant("@timestamp").ifPresent(t -> ext.add("rt", Long.toString(t.toEpochMilli())));
        ext.add("externalId", Optional.of(event.id()));
        ext.add("act", ecs.text("event.action"));
        ext.add("outcome", ecs.text("event.outcome"));
        ext.add("cat", ecs.text("event.category"));
        ext.add("suid", ecs.text("user.id"));
        ext.add("suser", ecs.text("user.name"));
        ext.add("duid", ecs.text("user.target.id"));
        ext.add("duser", ecs.text("user.target.name"));
        ext.add("src", ecs.text("source.ip"));
        ext.add("requestClientApplication", ecs.text("user_agent.original"));
        ext.add("request", ecs.text("url.full").or(() -> ecs.text("url.original")));
        ext.add("sproc", ecs.text("service.name"));
        ext.add("msg", ecs.text("message"));
        ext.custom(1, "tenant", event.tenant().or(() -> ecs.text("organization.id")));
        ext.custom(2, "resourceType", ecs.text("audit.resource.type"));
        ext.custom(3, "resourceId", ecs.text("audit.resource.id"));
        ext.custom(4, "resourceName", ecs.text("audit.resource.name"));
        ext.custom(5, "eventId", Optional.of(event.id()));
        ext.custom(6, "requestId", ecs.text("http.request.id"));
        return line.toString();
    }

    /** CEF severity 0-10 from ECS {@code log.level}; an event without a level is 3 (low). */
    static int severity(Optional<String> level) {
        return switch (level.orElse("info")) {
            case "trace", "debug" -> 1;
            case "info", "informational" -> 3;
            case "notice" -> 4;
            case "warn", "warning" -> 6;
            case "error", "err" -> 8;
            case "critical", "crit" -> 9;
            case "alert", "emergency", "emerg", "fatal" -> 10;
            default -> 5;
        };
    }

    /** A header field: backslash and pipe escaped; a line break, which the header may not hold, becomes a space. */
    static String header(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '|' -> out.append("\\|");
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An extension value: backslash and equals escaped, line breaks written as {@code \n} and {@code \r}. */
    static String extension(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '=' -> out.append("\\=");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
