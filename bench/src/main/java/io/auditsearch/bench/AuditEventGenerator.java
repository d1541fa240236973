package io.auditsearch.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.bench.AuditVocabulary.Action;
import io.auditsearch.bench.AuditVocabulary.Failure;
import io.auditsearch.bench.AuditVocabulary.Person;
import io.auditsearch.bench.AuditVocabulary.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import static io.auditsearch.bench.AuditVocabulary.*;

/**
 * Generates realistic ECS audit events in the shape {@code POST /v1/events} takes (nested objects,
 * one compact JSON document per event), for the benchmarks.
 *
 * <p>Deterministic: the same seed, end instant and count give the same events. The events are in
 * time order, spread evenly over the {@code span} before {@code end} (a backfill as an audit
 * pipeline would send it), and each is 700 to 1,200 bytes of JSON. They come from a fixed
 * population of tenants, users and services ({@link AuditVocabulary}), carry ECS categorisation
 * consistent with their action, fail now and then, and some hold secrets in {@code audit.details}
 * so masking runs.
 */
public final class AuditEventGenerator {

    private final ObjectMapper json = new ObjectMapper();
    private final Random random;
    private final List<Tenant> tenants;
    private final int actionWeightTotal;

    public AuditEventGenerator(long seed) {
        this.random = new Random(seed);
        this.tenants = createTenants();
        int total = 0;
        for (int weight : ACTION_WEIGHTS) {
            total += weight;
        }
        this.actionWeightTotal = total;
    }

    /**
     * {@code count} events in time order, spread over {@code span} before {@code end}, each as UTF-8
     * JSON on one line (without the newline).
     */
    public List<byte[]> generate(int count, Instant end, Duration span) {
        Instant start = end.minus(span);
        long slotNanos = span.toNanos() / count;
        List<byte[]> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = start.plusNanos(slotNanos * i + (long) (random.nextDouble() * slotNanos))
                    .truncatedTo(ChronoUnit.MILLIS);
            try {
                events.add(json.writeValueAsBytes(event(at)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize a generated event", e);
            }
        }
        return events;
    }

    private ObjectNode event(Instant at) {
        Action action = pickAction();
        Tenant tenant = pick(tenants);
        Person actor = pick(tenant.people());
        Failure failure = random.nextInt(100) < (action.name().equals("user.login") ? 9 : 3) ? pick(FAILURES) : null;
        boolean failed = failure != null;
        String resourceId = action.resourceType().substring(0, 3) + "-" + hex(6);

        ObjectNode event = json.createObjectNode();
        event.put("@timestamp", at.toString());
        ObjectNode ev = event.putObject("event");
        ev.put("id", uuid());
        ev.put("action", action.name());
        strings(ev.putArray("category"), action.category());
        strings(ev.putArray("type"), action.type());
        ev.put("outcome", failed ? "failure" : "success");

        ObjectNode user = event.putObject("user");
        user.put("id", actor.id());
        user.put("name", actor.name());
        user.put("email", actor.email());
        strings(user.putArray("roles"), actor.roles());
        Person target = null;
        if (action.targetsUser()) {
            target = pick(tenant.people());
            ObjectNode targetNode = user.putObject("target");
            targetNode.put("id", target.id());
            targetNode.put("name", target.name());
            targetNode.put("email", target.email());
        }

        event.putObject("source").put("ip", ip());
        event.putObject("user_agent").put("original", USER_AGENTS[random.nextInt(USER_AGENTS.length)]);
        ObjectNode http = event.putObject("http");
        http.putObject("request").put("id", uuid()).put("method", method(action));
        http.putObject("response").put("status_code", failed ? failure.status() : 200);
        if (random.nextInt(3) > 0) {
            event.putObject("trace").put("id", hex(16));
        }

        ObjectNode audit = event.putObject("audit");
        audit.putObject("session").put("id", "sess-" + hex(8));
        audit.putObject("resource")
                .put("type", action.resourceType())
                .put("id", resourceId)
                .put("name", resourceName(action, target));
        audit.set("details", details(action, tenant));
        if (action.hasChanges() && !failed) {
            audit.set("changes", changes(action));
        }
        if (failed) {
            event.putObject("error").put("type", failure.type()).put("code", failure.code()).put("message", failure.message());
        }

        String service = SERVICES[random.nextInt(SERVICES.length)];
        event.putObject("service").put("name", service).put("environment", tenant.environment());
        event.putObject("organization").put("id", tenant.id()).put("name", tenant.name());
        event.putObject("log").put("level", failed ? "warn" : action.type().contains("deletion") ? "notice" : "info");
        event.put("message", actor.name() + " " + action.verb() + " " + resourceName(action, target)
                + (failed ? " (failed)" : "") + " via " + service);
        ArrayNode tags = event.putArray("tags").add("audit").add(tenant.environment());
        if (action.category().contains("iam")) {
            tags.add("pci-dss-10.2");
        }
        return event;
    }

    /** A few keys of free-form context; secrets appear where a careless client would send them. */
    private ObjectNode details(Action action, Tenant tenant) {
        ObjectNode details = json.createObjectNode();
        details.put("reason", REASONS[random.nextInt(REASONS.length)]);
        details.put("region", REGIONS[random.nextInt(REGIONS.length)]);
        switch (action.name()) {
            case "user.login" -> {
                details.put("mfa", random.nextBoolean());
                details.put("method", random.nextInt(4) == 0 ? "sso" : "password");
                if (random.nextInt(20) == 0) {
                    details.put("password", "hunter" + random.nextInt(1000)); // a client that logs too much
                }
            }
            case "user.password_change" -> details.put("password", "N3w-" + hex(8)).put("forced", random.nextBoolean());
            case "api_key.create" -> {
                details.put("token", "ask_live_" + hex(16));
                strings(details.putArray("scopes"), List.of("events:write", "events:read"));
                details.put("expires_in_days", 90);
            }
            case "webhook.create" -> details.put("url", "https://hooks." + tenant.id().substring(4) + ".example/audit")
                    .put("signing_secret", "whsec_" + hex(12));
            case "export.create", "dataset.read" -> details.put("format", random.nextBoolean() ? "csv" : "ndjson")
                    .put("rows", random.nextInt(50_000))
                    .put("query", "outcome:failure AND user.name:" + FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]);
            default -> details.put("request_size", 200 + random.nextInt(4_000));
        }
        return details;
    }

    private ObjectNode changes(Action action) {
        ObjectNode changes = json.createObjectNode();
        ObjectNode before = changes.putObject("before");
        ObjectNode after = changes.putObject("after");
        switch (action.resourceType()) {
            case "role" -> {
                String kept = ROLES[random.nextInt(2)];
                String changed = ROLES[2 + random.nextInt(ROLES.length - 2)];
                boolean assign = action.name().equals("role.assign");
                strings(before.putArray("roles"), assign ? List.of(kept) : List.of(kept, changed));
                strings(after.putArray("roles"), assign ? List.of(kept, changed) : List.of(kept));
            }
            case "model" -> {
                int stage = random.nextInt(MODEL_STAGES.length - 1);
                before.put("stage", MODEL_STAGES[stage]).put("replicas", 1 + random.nextInt(3));
                after.put("stage", MODEL_STAGES[stage + 1]).put("replicas", 1 + random.nextInt(6));
            }
            case "user" -> {
                before.put("status", "active");
                after.put("status", "suspended");
            }
            default -> {
                before.put("session_timeout_minutes", 30).put("sso_required", false);
                after.put("session_timeout_minutes", 15).put("sso_required", true);
            }
        }
        return changes;
    }

    private String resourceName(Action action, Person target) {
        return switch (action.resourceType()) {
            case "session" -> "web session";
            case "role" -> target == null ? "role" : target.name();
            case "user" -> target == null ? "own account" : target.name();
            case "model" -> "churn-predictor-v" + (1 + random.nextInt(9));
            case "dataset" -> "customers-" + REGIONS[random.nextInt(REGIONS.length)];
            case "export" -> "audit export " + random.nextInt(1_000);
            default -> action.resourceType().replace('_', ' ');
        };
    }

    private String method(Action action) {
        if (action.type().contains("deletion")) {
            return "DELETE";
        }
        if (action.type().contains("change")) {
            return "PATCH";
        }
        return action.type().contains("access") ? "GET" : "POST";
    }

    private Action pickAction() {
        int roll = random.nextInt(actionWeightTotal);
        for (int i = 0; i < ACTIONS.size(); i++) {
            roll -= ACTION_WEIGHTS[i];
            if (roll < 0) {
                return ACTIONS.get(i);
            }
        }
        throw new IllegalStateException("action weights do not cover the roll");
    }

    /** IPv4 from a few corporate and cloud ranges; one in ten an IPv6 documentation address. */
    private String ip() {
        if (random.nextInt(10) == 0) {
            return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(1 + random.nextInt(0xffff));
        }
        int[][] prefixes = {{10, -1}, {172, 16}, {192, 168}, {203, 0}, {198, 51}, {52, -1}};
        int[] prefix = prefixes[random.nextInt(prefixes.length)];
        int second = prefix[1] < 0 ? random.nextInt(256) : prefix[1];
        return prefix[0] + "." + second + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private List<Tenant> createTenants() {
        List<Tenant> result = new ArrayList<>(TENANTS.length);
        for (int t = 0; t < TENANTS.length; t++) {
            String domain = TENANTS[t][0].substring(4) + ".example";
            List<Person> people = new ArrayList<>();
            for (int p = 0; p < PEOPLE_PER_TENANT; p++) {
                // every (first, last) pair once per tenant, so names are unique within a tenant
                String first = FIRST_NAMES[p % FIRST_NAMES.length];
                String last = LAST_NAMES[(2 * t + p / FIRST_NAMES.length) % LAST_NAMES.length];
                String name = first + "." + last;
                List<String> roles = random.nextInt(5) == 0
                        ? List.of(ROLES[0], ROLES[2 + random.nextInt(ROLES.length - 2)])
                        : List.of(ROLES[random.nextInt(3)]);
                people.add(new Person(String.format(Locale.ROOT, "u-%02d%04d", t, p), name, name + "@" + domain, roles));
            }
            result.add(new Tenant(TENANTS[t][0], TENANTS[t][1], t % 3 == 2 ? "staging" : "production", people));
        }
        return result;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String hex(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
