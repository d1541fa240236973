package io.auditsearch.stream;

import java.util.Optional;

/** OCSF severity_id from ECS {@code log.level}; an event without a level is Informational. */
record OcsfSeverity(int id, String label) {

    static OcsfSeverity of(Optional<String> level) {
        return switch (level.orElse("info")) {
            case "trace", "debug", "info", "informational" -> new OcsfSeverity(1, "Informational");
            case "notice" -> new OcsfSeverity(2, "Low");
            case "warn", "warning" -> new OcsfSeverity(3, "Medium");
            case "error", "err" -> new OcsfSeverity(4, "High");
            case "critical", "crit", "alert" -> new OcsfSeverity(5, "Critical");
            case "emergency", "emerg", "fatal" -> new OcsfSeverity(6, "Fatal");
            default -> new OcsfSeverity(99, "Other");
        };
    }
}
