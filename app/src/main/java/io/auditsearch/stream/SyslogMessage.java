package io.auditsearch.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 5424 messages as octet-counted frames (RFC 5425 / RFC 6587 section 3.4.1: {@code MSG-LEN SP SYSLOG-MSG}).
 * The MSG part is UTF-8 and so starts with the BOM, as RFC 5424 section 6.4 asks.
 */
final class SyslogMessage {

    static final String SD_EVENT = "audit@32473";
    static final String SD_HEARTBEAT = "audit-heartbeat@32473";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final int facility;
    private final String hostname;
    private final String appName;

    SyslogMessage(int facility, String hostname, String appName) {
        this.facility = facility;
        this.hostname = header(hostname, 255);
        this.appName = header(appName, 48);
    }

    /** One event: severity from log.level, TIMESTAMP from @timestamp, MSGID from event.action. */
    byte[] event(StreamedEvent event, byte[] payload) {
        StreamedEcs ecs = StreamedEcs.of(event);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("id", event.id());
        params.put("seq", Long.toString(event.sequence()));
        event.tenant().ifPresent(t -> params.put("tenant", t));
        return frame(severity(ecs.lowerText("log.level")), ecs.instant("@timestamp").orElseGet(Instant::now),
                header(ecs.text("event.action").orElse(""), 32), SD_EVENT, params, payload);
    }

    /** The heartbeat after a batch: the last sequence sent and how many events the batch held. */
    byte[] heartbeat(long lastSequence, int count, Instant now) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("last_seq", Long.toString(lastSequence));
        params.put("count", Integer.toString(count));
        return frame(6, now, "heartbeat", SD_HEARTBEAT, params, new byte[0]);
    }

    private byte[] frame(int severity, Instant time, String msgId, String sdId, Map<String, String> params,
                         byte[] payload) {
        StringBuilder head = new StringBuilder(128)
                .append('<').append(facility * 8 + severity).append(">1 ")
                .append(TIMESTAMP.format(time.truncatedTo(ChronoUnit.MICROS))).append(' ')
                .append(hostname).append(' ')
                .append(appName).append(" - ")
                .append(msgId).append(' ')
                .append('[').append(sdId);
        params.forEach((name, value) -> head.append(' ').append(name).append("=\"").append(paramValue(value)).append('"'));
        head.append(']');
        ByteArrayOutputStream msg = new ByteArrayOutputStream(head.length() + payload.length + 8);
        msg.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (payload.length > 0) {
            msg.write(' ');
            msg.writeBytes(BOM);
            msg.writeBytes(payload);
        }
        byte[] body = msg.toByteArray();
        ByteArrayOutputStream framed = new ByteArrayOutputStream(body.length + 8);
        framed.writeBytes((body.length + " ").getBytes(StandardCharsets.US_ASCII));
        framed.writeBytes(body);
        return framed.toByteArray();
    }

    /** Syslog severity (RFC 5424 table 2) from ECS log.level; an event without a level is informational (6). */
    static int severity(Optional<String> level) {
        return switch (level.orElse("info")) {
            case "emergency", "emerg", "fatal" -> 0;
            case "alert" -> 1;
            case "critical", "crit" -> 2;
            case "error", "err" -> 3;
            case "warn", "warning" -> 4;
            case "notice" -> 5;
            case "debug", "trace" -> 7;
            default -> 6;
        };
    }

    /** A header field: printable US-ASCII (33..126) only, cut to {@code max}; empty becomes the NILVALUE "-". */
    static String header(String value, int max) {
        StringBuilder out = new StringBuilder(Math.min(max, value.length()));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            if (c >= 33 && c <= 126) {
                out.append(c);
            }
        }
        return out.isEmpty() ? "-" : out.toString();
    }

    /** A PARAM-VALUE (RFC 5424 section 6.3.3): '"', '\' and ']' escaped with a backslash. */
    static String paramValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
