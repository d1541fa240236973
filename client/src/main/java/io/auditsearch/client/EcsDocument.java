package io.auditsearch.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Writes the parts of an ECS document at their dotted paths, as nested objects (the service's stored shape). */
final class EcsDocument {

    private EcsDocument() {
    }

    static void user(ObjectNode doc, Actor actor, Actor target) {
        if (actor != null) {
            put(doc, "user.id", actor.id());
            put(doc, "user.name", actor.name());
            put(doc, "user.email", actor.email());
            if (!actor.roles().isEmpty()) {
                strings(path(doc, "user"), "roles", actor.roles());
            }
        }
        if (target != null) {
            put(doc, "user.target.id", target.id());
            put(doc, "user.target.name", target.name());
            put(doc, "user.target.email", target.email());
        }
    }

    /** Puts a string at a dotted path, creating the objects on the way; a null value writes nothing. */
    static void put(ObjectNode doc, String dotted, String value) {
        if (value == null) {
            return;
        }
        int dot = dotted.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? doc : path(doc, dotted.substring(0, dot));
        parent.put(dotted.substring(dot + 1), value);
    }

    static ObjectNode path(ObjectNode doc, String dotted) {
        ObjectNode node = doc;
        for (String part : dotted.split("\\.")) {
            node = node.get(part) instanceof ObjectNode existing ? existing : node.putObject(part);
        }
        return node;
    }

    static void strings(ObjectNode parent, String field, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        ArrayNode array = parent.putArray(field);
        values.forEach(array::add);
    }

    static byte[] serialize(ObjectNode doc) {
        try {
            return Json.MAPPER.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize an audit event", e);
        }
    }
}
