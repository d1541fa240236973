package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.CallerHttp;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Creates API keys through the admin API, as an operator would, and remembers them for the log scan. */
final class Keys {

    static final List<String> CREATED = new ArrayList<>();

    private Keys() {
    }

    /** A new key's JSON (with {@code key}); {@code tenant} may be null. */
    static JsonNode create(URI server, String name, String tenant, String... roles) {
        StringBuilder body = new StringBuilder("{\"name\":\"").append(name).append("\",\"roles\":[");
        for (int i = 0; i < roles.length; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
        }
        body.append(']');
        if (tenant != null) {
            body.append(",\"tenant\":\"").append(tenant).append('"');
        }
        body.append('}');
        CallerHttp.Response r = CallerHttp.admin(server).postJson("/v1/admin/keys", body.toString());
        assertEquals(201, r.status(), r::toString);
        JsonNode created = r.json();
        synchronized (CREATED) {
            CREATED.add(created.path("key").asText());
        }
        return created;
    }

    static String key(URI server, String name, String tenant, String... roles) {
        return create(server, name, tenant, roles).path("key").asText();
    }
}
