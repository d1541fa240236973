package io.auditsearch.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.ServiceEvents;
import io.micronaut.http.HttpRequest;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading the audit log is itself audited: every search, get, aggregation and export becomes an
 * event ({@code audit.search}, {@code audit.get}, {@code audit.aggregate}, {@code audit.export})
 * naming the caller, the query parameters and how many events it returned. Recording is
 * asynchronous: the reader does not wait for it, and a failure to store it is logged as a WARN.
 */
@Singleton
public class ReadAudit {

    private static final Logger LOG = LoggerFactory.getLogger(ReadAudit.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code service.name} of the events the service records about itself. */
    public static final String SERVICE = "audit-search";

    private final ServiceEvents events;

    ReadAudit(ServiceEvents events) {
        this.events = events;
    }

    /**
     * Records one read.
     *
     * @param action  audit.search, audit.get, audit.aggregate or audit.export
     * @param params  the request's parameters (a cursor is recorded as given, not its contents)
     * @param results events returned (a page, an event, the aggregation's total, the export's lines)
     */
    public void record(HttpRequest<?> request, String action, Map<String, List<String>> params, long results) {
        Caller caller = Caller.of(request);
        ObjectNode event = JSON.createObjectNode();
        event.put("@timestamp", Instant.now().toString());
        ObjectNode ev = event.putObject("event").put("action", action).put("outcome", "success");
        ev.putArray("category").add("database");
        ev.putArray("type").add("access");
        ObjectNode user = event.putObject("user").put("id", caller.id()).put("name", caller.name());
        var roles = user.putArray("roles");
        caller.roles().forEach(roles::add);
        caller.tenant().ifPresent(t -> event.putObject("organization").put("id", t));
        event.putObject("service").put("name", SERVICE);
        if (request.getRemoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            event.putObject("source").put("ip", remote.getAddress().getHostAddress());
        }
        event.put("message", caller.name() + " " + verb(action) + " the audit log (" + results + " events)");
        ObjectNode audit = event.putObject("audit");
        audit.putObject("resource").put("type", "audit_events").put("id", request.getPath());
        ObjectNode details = audit.putObject("details");
        ObjectNode query = details.putObject("query");
        params.forEach((name, values) -> {
            if (name.equals("cursor")) {
                query.put("cursor", "given");
            } else {
                var list = query.putArray(name);
                values.forEach(list::add);
            }
        });
        details.put("result_count", results);
        recordInBackground(events, event, "The read " + action + " by " + caller.id());
    }

    /**
     * Stores an event of the service without waiting; a failure is a WARN naming {@code what}, never the
     * caller's problem. On an event loop the event is prepared in the loop's next task, after the one
     * that answers the reader, who then does not wait for its preparation either.
     */
    static void recordInBackground(ServiceEvents events, ObjectNode event, String what) {
        Runnable record = () -> {
            try {
                events.record(event).whenComplete((id, error) -> {
                    if (error != null) {
                        LOG.warn("{} could not be recorded in the audit log: {}", what, error.toString());
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("{} could not be recorded in the audit log: {}", what, e.toString());
            }
        };
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop != null) {
            loop.execute(record);
        } else {
            record.run();
        }
    }

    private static String verb(String action) {
        return switch (action) {
            case "audit.search" -> "searched";
            case "audit.get" -> "read an event of";
            case "audit.aggregate" -> "aggregated";
            case "audit.export" -> "exported";
            default -> action;
        };
    }
}
