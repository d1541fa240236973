package io.auditsearch.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * OCSF 1.x API Activity (class_uid 6003, category 6 Application Activity) mapped from the stored ECS event.
 * What has no OCSF attribute stays under {@code unmapped}, with its ECS name and shape.
 */
public final class OcsfFormat implements PayloadFormat {

    static final String SCHEMA_VERSION = "1.3.0";
    static final int CATEGORY_UID = 6;
    static final int CLASS_UID = 6003;

    /** The ECS fields this mapping carries into OCSF attributes; the rest goes to {@code unmapped}. */
    private static final List<String> MAPPED = List.of("@timestamp", "event.id", "event.action", "event.outcome",
            "log.level", "message", "event.ingested", "user.id", "user.name", "user.email", "source.ip",
            "user_agent.original", "http.request.id", "service.name", "organization.id",
            "audit.resource.type", "audit.resource.id", "audit.resource.name", "user.target.id",
            "user.target.name");

    private final String productVersion;

    /** @param productVersion this service's version, as {@code metadata.product.version} */
    public OcsfFormat(String productVersion) {
        this.productVersion = productVersion;
    }

    @Override
    public byte[] format(StreamedEvent event) {
        try {
            return StreamedEcs.MAPPER.writeValueAsBytes(map(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("OCSF mapping of event " + event.id() + " failed", e);
        }
    }

    ObjectNode map(StreamedEvent event) {
        StreamedEcs ecs = StreamedEcs.of(event);
        OcsfActivity activity = OcsfActivity.of(ecs);
        OcsfSeverity severity = OcsfSeverity.of(ecs.lowerText("log.level"));
        ObjectNode o = StreamedEcs.MAPPER.createObjectNode();
        o.put("activity_id", activity.id());
        o.put("activity_name", activity.label());
        o.put("category_uid", CATEGORY_UID);
        o.put("category_name", "Application Activity");
        o.put("class_uid", CLASS_UID);
        o.put("class_name", "API Activity");
        o.put("type_uid", CLASS_UID * 100L + activity.id());
        o.put("type_name", "API Activity: " + activity.label());
        ecs.instant("@timestamp").ifPresent(t -> o.put("time", t.toEpochMilli()));
        o.put("severity_id", severity.id());
        o.put("severity", severity.label());
        status(o, ecs.lowerText("event.outcome"));
        ecs.text("message").ifPresent(m -> o.put("message", m));
        metadata(o.putObject("metadata"), ecs, event);
        actor(o.putObject("actor"), ecs);
        api(o.putObject("api"), ecs);
        ObjectNode src = o.putObject("src_endpoint");
        ecs.text("source.ip").ifPresent(ip -> src.put("ip", ip));
        ecs.text("user_agent.original").ifPresent(ua -> o.putObject("http_request").put("user_agent", ua));
        resources(o, ecs);
        ObjectNode rest = ecs.copy();
        MAPPED.forEach(field -> StreamedEcs.remove(rest, field));
        if (!rest.isEmpty()) {
            o.set("unmapped", rest);
        }
        return o;
    }

    private static void status(ObjectNode o, Optional<String> outcome) {
        switch (outcome.orElse("unknown")) {
            case "success" -> o.put("status_id", 1).put("status", "Success");
            case "failure" -> o.put("status_id", 2).put("status", "Failure");
            default -> o.put("status_id", 0).put("status", "Unknown");
        }
    }

    private void metadata(ObjectNode m, StreamedEcs ecs, StreamedEvent event) {
        m.put("version", SCHEMA_VERSION);
        m.put("uid", event.id());
        ObjectNode product = m.putObject("product");
        product.put("name", "Audit Search");
        product.put("vendor_name", "Audit Search");
        product.put("version", productVersion);
        event.tenant().or(() -> ecs.text("organization.id")).ifPresent(t -> m.put("tenant_uid", t));
        ecs.instant("event.ingested").ifPresent(t -> m.put("logged_time", t.toEpochMilli()));
        event.log().ifPresent(log -> m.put("log_name", log));
    }

    private static void actor(ObjectNode actor, StreamedEcs ecs) {
        ObjectNode user = StreamedEcs.MAPPER.createObjectNode();
        ecs.text("user.id").ifPresent(v -> user.put("uid", v));
        ecs.text("user.name").ifPresent(v -> user.put("name", v));
        ecs.text("user.email").ifPresent(v -> user.put("email_addr", v));
        if (!user.isEmpty()) {
            actor.set("user", user);
        }
        ecs.text("service.name").ifPresent(v -> actor.put("app_name", v));
    }

    private static void api(ObjectNode api, StreamedEcs ecs) {
        ecs.text("event.action").ifPresent(a -> api.put("operation", a));
        ecs.text("http.request.id").ifPresent(id -> api.putObject("request").put("uid", id));
        ecs.text("service.name").ifPresent(s -> api.putObject("service").put("name", s));
    }

    private static void resources(ObjectNode o, StreamedEcs ecs) {
        ObjectNode resource = StreamedEcs.MAPPER.createObjectNode();
        ecs.text("audit.resource.type").ifPresent(v -> resource.put("type", v));
        ecs.text("audit.resource.id").ifPresent(v -> resource.put("uid", v));
        ecs.text("audit.resource.name").ifPresent(v -> resource.put("name", v));
        ObjectNode target = StreamedEcs.MAPPER.createObjectNode();
        ecs.text("user.target.id").ifPresent(v -> target.put("uid", v));
        ecs.text("user.target.name").ifPresent(v -> target.put("name", v));
        if (resource.isEmpty() && target.isEmpty()) {
            return;
        }
        var array = o.putArray("resources");
        if (!resource.isEmpty()) {
            array.add(resource);
        }
        if (!target.isEmpty()) {
            array.add(StreamedEcs.MAPPER.createObjectNode().put("type", "user").setAll(target));
        }
    }
}
