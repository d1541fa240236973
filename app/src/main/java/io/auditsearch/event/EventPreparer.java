package io.auditsearch.event;

import io.auditsearch.problem.FieldError;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.RetentionConfiguration;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Turns one incoming event into the ECS document we store: parsed (duplicate keys refused),
 * checked by {@link EventValidator} (every error collected), completed by {@link EventEnricher}
 * (ids, ingest time, masking), serialized once, and given its dated index. An event given as bytes
 * that needs no repair is written in one streaming pass by {@link StreamedEvent}, to the same bytes;
 * any other goes through the tree, which also names every error.
 */
@Singleton
public final class EventPreparer {

    private final EventRules rules;
    private final EventValidator validator;
    private final EventEnricher enricher;
    private final EventIndexNaming naming;
    private final StreamedEvent streamed;
    private final Clock clock;
    // duplicate keys are caught where the tree's map already sees them (put returns the earlier value),
    // not by the parser's own detector, which keeps a set of names per object: the same rule at a tenth of the cost
    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    public EventPreparer(EventSchema schema, EventRules rules, SensitiveValueMasker masker, RetentionConfiguration retention) {
        this(schema, rules, masker, retention, Clock.systemUTC());
    }

    EventPreparer(EventSchema schema, EventRules rules, SensitiveValueMasker masker, RetentionConfiguration retention, Clock clock) {
        this.rules = rules;
        Duration kept = Duration.ofDays(retention.getDays());
        this.validator = new EventValidator(schema, rules, kept);
        this.enricher = new EventEnricher(masker, rules.getMaskValue());
        this.naming = new EventIndexNaming(rules.getIndexGranularity());
        this.streamed = new StreamedEvent(schema, rules, kept, validator, enricher, mapper);
        this.clock = clock;
    }

    public EventIndexNaming naming() {
        return naming;
    }

    /** Parses and prepares one event given as JSON bytes (a single POST or one NDJSON line). */
    public PreparedEvent prepare(byte[] json, int offset, int length) {
        return prepare(json, offset, length, Optional.empty());
    }

    /**
     * Same, for a caller bound to {@code tenant}: {@code organization.id} is set to it when absent;
     * another value is a {@link TenantMismatchException}.
     */
    public PreparedEvent prepare(byte[] json, int offset, int length, Optional<String> tenant) {
        if (length > rules.getMaxEventBytes()) {
            throw reject("$", "max_size", "event is " + length + " bytes, larger than the limit of " + rules.getMaxEventBytes());
        }
        Instant now = now();
        Optional<PreparedEvent> fast = streamed.write(json, offset, length, tenant, now, naming);
        if (fast.isPresent()) {
            return fast.get();
        }
        JsonNode node;
        try {
            node = mapper.readTree(json, offset, length);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            int feature = message.indexOf(" for `");
            // "Duplicate field 'x' for `ObjectNode`: not allowed when ..." says what matters before the type
            throw reject("$", "json", "not valid JSON: " + (message.startsWith("Duplicate field") && feature > 0
                    ? message.substring(0, feature) : message));
        } catch (IOException e) {
            throw reject("$", "json", "not readable: " + e.getMessage());
        }
        return prepare(node, tenant, now);
    }

    /** The streaming pass alone: empty when the event needs the tree path. */
    Optional<PreparedEvent> streamed(byte[] json, int offset, int length, Optional<String> tenant) {
        return streamed.write(json, offset, length, tenant, now(), naming);
    }

    /** Prepares one already parsed event (an element of a JSON array bulk). */
    public PreparedEvent prepare(JsonNode node) {
        return prepare(node, Optional.empty());
    }

    /** Same, for a caller bound to {@code tenant} (see {@link #prepare(byte[], int, int, Optional)}). */
    public PreparedEvent prepare(JsonNode node, Optional<String> tenant) {
        return prepare(node, tenant, now());
    }

    private PreparedEvent prepare(JsonNode node, Optional<String> tenant, Instant now) {
        if (!(node instanceof ObjectNode event)) {
            throw reject("$", "type", "an event must be a JSON object");
        }
        Instant timestamp = validator.validate(event, now);
        tenant.ifPresent(t -> bindTenant(event, t));
        String id = enricher.enrich(event, timestamp, now);
        byte[] source;
        try {
            source = mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a validated event", e);
        }
        return new PreparedEvent(id, naming.indexFor(timestamp), timestamp, source);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS); // what a date field keeps
    }

    /** After validation dotted keys are nested, so {@code organization.id} is in one place only. */
    private static void bindTenant(ObjectNode event, String tenant) {
        JsonNode given = event.path("organization").path("id");
        if (given.isMissingNode() || given.isNull()) {
            event.withObject("organization").put("id", tenant);
        } else if (!given.asText().equals(tenant)) {
            throw new TenantMismatchException(tenant, given.asText());
        }
    }

    private static EventRejectedException reject(String field, String rule, String message) {
        return new EventRejectedException(List.of(FieldError.of(field, rule, message)));
    }
}
