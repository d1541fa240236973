package io.auditsearch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small JSON helpers for assertions. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode body(io.micronaut.http.HttpResponse<String> response) {
        return parse(response.getBody().orElseThrow(() -> new AssertionError("response " + response.getStatus() + " has no body")));
    }
}
