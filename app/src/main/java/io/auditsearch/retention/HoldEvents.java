package io.auditsearch.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.ServiceEvents;
import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Setting and releasing a legal hold are audit events themselves ({@code audit.legal_hold.set|release}). */
@Singleton
class HoldEvents {

    static final String SET = "audit.legal_hold.set";
    static final String RELEASE = "audit.legal_hold.release";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ServiceEvents events;
    private final ObjectMapper json = new ObjectMapper();

    HoldEvents(ServiceEvents events) {
        this.events = events;
    }

    void set(LegalHold hold, Instant at) {
        record(event(hold, SET, "creation", hold.setBy(), at,
                "legal hold " + hold.id() + " set by " + hold.setBy() + ": " + hold.reason()));
    }

    void release(LegalHold hold, Instant at) {
        record(event(hold, RELEASE, "deletion", hold.releasedBy(), at,
                "legal hold " + hold.id() + " released by " + hold.releasedBy()));
    }

    private ObjectNode event(LegalHold hold, String action, String type, String user, Instant at, String message) {
        ObjectNode e = json.createObjectNode();
        e.put("@timestamp", at.toString());
        ObjectNode event = e.putObject("event").put("action", action).put("outcome", "success");
        event.putArray("category").add("configuration");
        event.putArray("type").add(type);
        e.putObject("user").put("name", user);
        ObjectNode audit = e.putObject("audit");
        audit.putObject("resource").put("type", "legal_hold").put("id", hold.id());
        ObjectNode details = audit.putObject("details").put("from", hold.from()).put("to", hold.to()).put("reason", hold.reason());
        hold.tenantId().ifPresent(t -> details.put("tenant", t));
        e.put("message", message);
        return e;
    }

    /** Waits until the event is stored: an admin must learn when the trail of their action is missing. */
    private void record(ObjectNode event) {
        try {
            events.record(event).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Audit event not stored",
                    "the legal hold change is in force, but its audit event (" + event.at("/event/action").asText()
                            + ") could not be stored: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + event.at("/event/action").asText(), e);
        }
    }
}
