package io.auditsearch.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The service's ingest rules that can be checked before an event is sent (see {@code EventValidator}). */
final class EventChecks {

    private EventChecks() {
    }

    static void check(String action, String givenId, Instant timestamp, Instant now, String sourceIp, List<String> problems) {
        if (action == null) {
            problems.add("event.action: is required (what was done, e.g. user.login)");
        } else if (action.isBlank() || action.length() > AuditEventBuilder.MAX_ACTION_LENGTH) {
            problems.add("event.action: must be a non-blank string of 1 to " + AuditEventBuilder.MAX_ACTION_LENGTH + " characters");
        }
        if (givenId != null && !EventIds.isValid(givenId)) {
            problems.add("event.id: must be 1 to 128 characters of letters, digits and . _ : @ + = - (starting with a letter or digit)");
        }
        if (timestamp.isAfter(now.plus(AuditEventBuilder.MAX_FUTURE_SKEW))) {
            problems.add("@timestamp: lies more than " + AuditEventBuilder.MAX_FUTURE_SKEW.toMinutes() + " minutes in the future");
        }
        if (sourceIp != null && !IpLiterals.isIp(sourceIp)) {
            problems.add("source.ip: must be an IPv4 or IPv6 address");
        }
    }

    /** Nesting depth as the service counts it: the document is level 1. */
    static void checkDepth(JsonNode doc, List<String> problems) {
        int depth = depth(doc, 1);
        if (depth > AuditEventBuilder.MAX_DEPTH) {
            problems.add("event: nested deeper than " + AuditEventBuilder.MAX_DEPTH + " levels");
        }
    }

    private static int depth(JsonNode node, int level) {
        int deepest = level;
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                deepest = Math.max(deepest, depth(child, level + 1));
            }
        }
        return deepest;
    }

    /** Object keys at every level, as the service counts {@code audit.details}. */
    static int countKeys(JsonNode node) {
        int keys = 0;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                keys += 1 + countKeys(e.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                keys += countKeys(element);
            }
        }
        return keys;
    }
}
