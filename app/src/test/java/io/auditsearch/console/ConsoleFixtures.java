package io.auditsearch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.ElasticsearchHttp;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The events the console tests look at, all of one service name unique to the run: {@link #A_EVENTS} of tenant A
 * over the last 17 hours (three users, three actions, role changes with a before/after, some failures), one of
 * them holding markup and script in its fields; and {@link #B_EVENTS} of tenant B that no tenant-A reader may see.
 */
final class ConsoleFixtures {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String SERVICE = "console-" + RUN;
    static final String TENANT_A = "ta-" + RUN;
    static final String TENANT_B = "tb-" + RUN;
    static final String B_USER = "bob-b-" + RUN;
    static final String XSS_ID = "xss-" + RUN;
    static final String XSS_USER = "<img src=x onerror=\"window.__xss=1\">";
    static final String XSS_MESSAGE = "deploy <b>bold</b> <script>window.__xss=2</script> done";
    static final int A_EVENTS = 1_201;
    static final int B_EVENTS = 30;
    static final String[] USERS = {"alice", "carol", "dave"};
    static final String[] ACTIONS = {"user.login", "role.assign", "doc.read"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleFixtures() {
    }

    private static boolean loaded;

    /** Loads the events once per test JVM (the test classes share one cluster). */
    static synchronized void load(URI server) {
        if (loaded) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < A_EVENTS - 1; i++) {
            body.append(tenantA(i, now.minusSeconds(60L + i * 50L))).append('\n');
        }
        ObjectNode xss = tenantA(0, now.minusSeconds(30));
        xss.with("event").put("id", XSS_ID).put("action", "xss.probe");
        xss.with("user").put("name", XSS_USER);
        xss.put("message", XSS_MESSAGE);
        body.append(xss).append('\n');
        for (int i = 0; i < B_EVENTS; i++) {
            ObjectNode b = event("b-" + RUN + "-" + i, now.minusSeconds(90L + i * 600L), TENANT_B, B_USER, "secret.read", "success");
            b.put("message", "tenant b secret " + i);
            body.append(b).append('\n');
        }
        CallerHttp.Response r = CallerHttp.admin(server).post("/v1/events/_bulk", "application/x-ndjson", body.toString());
        assertEquals(200, r.status(), r::toString);
        assertFalse(r.json().path("errors").asBoolean(), () -> r.body().substring(0, Math.min(2000, r.body().length())));
        ElasticsearchHttp.refresh();
        loaded = true;
    }

    /** How many of tenant A's events have one of these users. */
    static int countOf(String... users) {
        int n = 0;
        for (int i = 0; i < A_EVENTS - 1; i++) {
            if (java.util.Arrays.asList(users).contains(USERS[(i / ACTIONS.length) % USERS.length])) {
                n++;
            }
        }
        return n;
    }

    private static ObjectNode tenantA(int i, Instant at) {
        String action = ACTIONS[i % ACTIONS.length];
        String outcome = i % 13 == 0 ? "unknown" : i % 5 == 0 ? "failure" : "success";
        ObjectNode e = event("c-" + RUN + "-" + i, at, TENANT_A, USERS[(i / ACTIONS.length) % USERS.length], action, outcome);
        e.with("audit").with("resource").put("type", "document").put("id", "doc-" + (i % 20));
        if (action.equals("role.assign")) {
            ObjectNode changes = e.with("audit").with("changes");
            changes.with("before").put("role", "viewer").put("team", "blue");
            changes.with("after").put("role", "editor").put("team", "blue").put("expires", "2027-01-01");
            e.with("user").with("target").put("name", "target-" + (i % 4));
        }
        e.put("message", e.path("user").path("name").asText() + " " + action + " doc-" + (i % 20));
        return e;
    }

    private static ObjectNode event(String id, Instant at, String tenant, String user, String action, String outcome) {
        ObjectNode e = JSON.createObjectNode();
        e.put("@timestamp", at.toString());
        e.putObject("event").put("id", id).put("action", action).put("outcome", outcome).putArray("category").add("iam");
        e.putObject("user").put("name", user);
        e.putObject("source").put("ip", "10.1." + (Math.abs(id.hashCode()) % 4) + "." + (1 + Math.abs(id.hashCode()) % 200));
        e.putObject("organization").put("id", tenant);
        e.putObject("service").put("name", SERVICE);
        return e;
    }
}
