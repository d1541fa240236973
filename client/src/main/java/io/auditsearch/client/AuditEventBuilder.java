package io.auditsearch.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fluent builder of an {@link AuditEvent}. {@link #build()} checks what the service would refuse
 * (action, id format, IP syntax, timestamp skew, size and nesting limits; outcome, category, type
 * and level are typed), draws the {@code event.id} and {@code @timestamp} when not given, masks
 * sensitive values in {@code audit.details} and {@code audit.changes.*} (unless turned off) and
 * serializes the document. Not thread-safe; use one builder per event.
 */
public final class AuditEventBuilder {

    static final int MAX_ACTION_LENGTH = 256;
    static final int MAX_EVENT_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 20;
    static final int MAX_DETAIL_KEYS = 512;
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private Clock clock = Clock.systemUTC();
    private String id;
    private Instant timestamp;
    private String action;
    private Outcome outcome;
    private Level level;
    private final Set<EventCategory> categories = new LinkedHashSet<>();
    private final Set<EventType> types = new LinkedHashSet<>();
    private Actor actor;
    private Actor target;
    private Resource resource;
    private final Map<String, String> scalars = new LinkedHashMap<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private Object before;
    private Object after;
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private boolean masking = true;

    AuditEventBuilder() {
    }

    AuditEventBuilder from(CatalogEvent entry) {
        action(entry.action()).outcome(entry.outcome()).level(entry.level());
        categories.addAll(entry.categories());
        types.addAll(entry.types());
        return this;
    }

    /** {@code event.action} (required): what was done, e.g. {@code user.login}. */
    public AuditEventBuilder action(String action) {
        this.action = action;
        return this;
    }

    public AuditEventBuilder outcome(Outcome outcome) {
        this.outcome = outcome;
        return this;
    }

    public AuditEventBuilder level(Level level) {
        this.level = level;
        return this;
    }

    public AuditEventBuilder category(EventCategory... categories) {
        this.categories.addAll(List.of(categories));
        return this;
    }

    public AuditEventBuilder type(EventType... types) {
        this.types.addAll(List.of(types));
        return this;
    }

    /** {@code event.id}; by default a UUIDv7 drawn by {@link #build()}. */
    public AuditEventBuilder id(String id) {
        this.id = id;
        return this;
    }

    /** {@code @timestamp}; by default the time of {@link #build()} (millisecond precision). */
    public AuditEventBuilder timestamp(Instant timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    /** Who acted ({@code user.*}). */
    public AuditEventBuilder actor(Actor actor) {
        this.actor = actor;
        return this;
    }

    public AuditEventBuilder actor(String id, String name) {
        return actor(Actor.of(id, name));
    }

    /** Whom it was done to ({@code user.target.id/name/email}). */
    public AuditEventBuilder target(Actor target) {
        this.target = target;
        return this;
    }

    public AuditEventBuilder target(String id, String name) {
        return target(Actor.of(id, name));
    }

    /** What it was done to ({@code audit.resource.*}). */
    public AuditEventBuilder resource(Resource resource) {
        this.resource = resource;
        return this;
    }

    public AuditEventBuilder resource(String type, String id, String name) {
        return resource(new Resource(type, id, name));
    }

    /** {@code source.ip}: an IPv4 or IPv6 address literal, checked by {@link #build()}. */
    public AuditEventBuilder sourceIp(String ip) {
        return scalar("source.ip", ip);
    }

    public AuditEventBuilder userAgent(String userAgent) {
        return scalar("user_agent.original", userAgent);
    }

    public AuditEventBuilder requestId(String requestId) {
        return scalar("http.request.id", requestId);
    }

    public AuditEventBuilder sessionId(String sessionId) {
        return scalar("audit.session.id", sessionId);
    }

    public AuditEventBuilder traceId(String traceId) {
        return scalar("trace.id", traceId);
    }

    public AuditEventBuilder message(String message) {
        return scalar("message", message);
    }

    public AuditEventBuilder service(String serviceName) {
        return scalar("service.name", serviceName);
    }

    /** {@code organization.id}: the tenant. */
    public AuditEventBuilder organization(String organizationId) {
        return scalar("organization.id", organizationId);
    }

    /** {@code error.message}, {@code error.code}, {@code error.type}; any may be null. */
    public AuditEventBuilder error(String message, String code, String type) {
        scalar("error.message", message);
        scalar("error.code", code);
        return scalar("error.type", type);
    }

    /** One free-form value in {@code audit.details} (any Jackson-serializable value; nested maps allowed). */
    public AuditEventBuilder detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    public AuditEventBuilder details(Map<String, ?> details) {
        this.details.putAll(details);
        return this;
    }

    /** {@code audit.changes.before} and {@code .after} (objects; the service computes {@code audit.changes.fields}). */
    public AuditEventBuilder changes(Object before, Object after) {
        this.before = before;
        this.after = after;
        return this;
    }

    public AuditEventBuilder tag(String... tags) {
        this.tags.addAll(List.of(tags));
        return this;
    }

    public AuditEventBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** Client-side masking of sensitive detail values; on by default (the service masks too). */
    public AuditEventBuilder masking(boolean masking) {
        this.masking = masking;
        return this;
    }

    AuditEventBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Checks, completes and serializes the event; throws {@link InvalidAuditEventException} listing every problem. */
    public AuditEvent build() {
        List<String> problems = new ArrayList<>();
        Instant now = clock.instant();
        String eventId = id == null ? EventIds.next() : id;
        Instant time = timestamp == null ? now.truncatedTo(ChronoUnit.MILLIS) : timestamp;
        EventChecks.check(action, id, time, now, scalars.get("source.ip"), problems);
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("@timestamp", time.toString());
        ObjectNode event = doc.putObject("event").put("id", eventId).put("action", action);
        if (outcome != null) {
            event.put("outcome", outcome.value());
        }
        EcsDocument.strings(event, "category", categories.stream().map(EventCategory::value).toList());
        EcsDocument.strings(event, "type", types.stream().map(EventType::value).toList());
        if (level != null) {
            doc.putObject("log").put("level", level.value());
        }
        EcsDocument.user(doc, actor, target);
        if (resource != null) {
            EcsDocument.put(doc, "audit.resource.type", resource.type());
            EcsDocument.put(doc, "audit.resource.id", resource.id());
            EcsDocument.put(doc, "audit.resource.name", resource.name());
        }
        scalars.forEach((path, value) -> EcsDocument.put(doc, path, value));
        freeForm(doc, "audit.details", details.isEmpty() ? null : details, problems);
        freeForm(doc, "audit.changes.before", before, problems);
        freeForm(doc, "audit.changes.after", after, problems);
        if (!tags.isEmpty()) {
            EcsDocument.strings(doc, "tags", tags);
        }
        if (!labels.isEmpty()) {
            ObjectNode l = doc.putObject("labels");
            labels.forEach(l::put);
        }
        EventChecks.checkDepth(doc, problems);
        byte[] json = EcsDocument.serialize(doc);
        if (json.length > MAX_EVENT_BYTES) {
            problems.add("event: " + json.length + " bytes of JSON, more than the service's " + MAX_EVENT_BYTES);
        }
        if (!problems.isEmpty()) {
            throw new InvalidAuditEventException(problems);
        }
        return new AuditEvent(eventId, action, time, json);
    }

    private AuditEventBuilder scalar(String path, String value) {
        if (value == null) {
            scalars.remove(path);
        } else {
            scalars.put(path, value);
        }
        return this;
    }

    private void freeForm(ObjectNode doc, String path, Object value, List<String> problems) {
        if (value == null) {
            return;
        }
        JsonNode tree = Json.MAPPER.valueToTree(value);
        if (!tree.isObject()) {
            problems.add(path + ": must be an object (a map or a bean), got " + tree.getNodeType());
            return;
        }
        if (masking) {
            SensitiveKeys.mask(tree);
        }
        int keys = EventChecks.countKeys(tree);
        if (keys > MAX_DETAIL_KEYS) {
            problems.add(path + ": has " + keys + " keys, more than the service's limit of " + MAX_DETAIL_KEYS);
        }
        int dot = path.lastIndexOf('.');
        EcsDocument.path(doc, path.substring(0, dot)).set(path.substring(dot + 1), tree);
    }
}
