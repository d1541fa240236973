package io.auditsearch.event;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The audit event's field tree, read from the shipped mappings component template so the API
 * refuses exactly what the strict mapping would refuse, before Elasticsearch sees it.
 */
@Singleton
public final class EventSchema {

    static final String MAPPINGS_RESOURCE = "index-templates/component/audit-events-mappings.json";

    /** A mapped field: its Elasticsearch type ("object" for inner objects) and its children. */
    public record Field(String path, String type, Map<String, Field> children) {

        boolean isObject() {
            return "object".equals(type);
        }
    }

    private final Field root;

    public EventSchema() {
        this(MAPPINGS_RESOURCE);
    }

    EventSchema(String resource) {
        try (InputStream in = EventSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("mappings resource missing from the classpath: " + resource);
            }
            JsonNode mappings = new JsonMapper().readTree(in).path("template").path("mappings");
            this.root = parse("", mappings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Field root() {
        return root;
    }

    /** Looks up a dotted path such as {@code user.target.name}. */
    public Optional<Field> field(String dottedPath) {
        Field current = root;
        for (String part : dottedPath.split("\\.")) {
            if (current == null || !current.isObject()) {
                return Optional.empty();
            }
            current = current.children().get(part);
        }
        return Optional.ofNullable(current);
    }

    private static Field parse(String path, JsonNode node) {
        JsonNode properties = node.path("properties");
        if (properties.isObject()) {
            Map<String, Field> children = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : properties.properties()) {
                String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                children.put(e.getKey(), parse(childPath, e.getValue()));
            }
            return new Field(path, "object", Map.copyOf(children));
        }
        return new Field(path, node.path("type").asText("object"), Map.of());
    }
}
