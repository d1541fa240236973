package io.auditsearch.client;

/** What was acted on: {@code audit.resource.type}, {@code .id}, {@code .name}. */
public record Resource(String type, String id, String name) {

    public static Resource of(String type, String id) {
        return new Resource(type, id, null);
    }
}
