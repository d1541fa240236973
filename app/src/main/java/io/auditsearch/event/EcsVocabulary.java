package io.auditsearch.event;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** ECS 9.x allowed values for the categorisation fields the API checks, plus our log levels. */
public final class EcsVocabulary {

    public static final Set<String> CATEGORIES = Set.of(
            "api", "authentication", "configuration", "database", "driver", "email", "file", "host",
            "iam", "intrusion_detection", "library", "malware", "network", "package", "process",
            "registry", "session", "threat", "vulnerability", "web");

    public static final Set<String> TYPES = Set.of(
            "access", "admin", "allowed", "change", "connection", "creation", "deletion", "denied",
            "device", "end", "error", "group", "indicator", "info", "installation", "protocol",
            "start", "user");

    public static final Set<String> OUTCOMES = Set.of("success", "failure", "unknown");

    /** {@code audit.result} adds {@code partial} to ECS's outcome for actions that half-succeeded. */
    static final Set<String> RESULTS = Set.of("success", "failure", "partial", "unknown");

    /** Syslog-style levels, mapped to a numeric {@code event.severity} where higher is worse. */
    public static final List<String> LEVELS = List.of(
            "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    public static final Map<String, String> LEVEL_ALIASES = Map.of("warn", "warning", "fatal", "critical", "crit", "critical", "err", "error");

    private EcsVocabulary() {
    }

    static int severityOf(String level) {
        return LEVELS.indexOf(level) + 1;
    }
}
