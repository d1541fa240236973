package io.auditsearch.micronaut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.client.AuditClient;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Audited} in a running Micronaut application (HTTP server, micronaut-security basic auth)
 * recording through the configured {@link AuditClient} to a local server that captures the bulk
 * requests: one event per call with the request's principal, tenant, IP, user agent and request id,
 * success or failure with the exception re-thrown untouched, before/after from a hook, and a
 * recording failure that leaves the call alone.
 */
@MicronautTest(environments = "audited-test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AuditedInterceptorTest implements TestPropertyProvider {

    private static final String KEY = "example-key-for-the-interceptor-test";
    private final BulkCapture capture = new BulkCapture();

    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    AuditClient client;
    @Inject
    AuditedTestApp.Invoices invoices;
    @Inject
    AuditClientConfiguration config;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("audit-search.client.url", capture.url(), "audit-search.client.api-key", KEY,
                "audit-search.client.linger", "10ms");
    }

    @AfterAll
    void stop() {
        capture.close();
    }

    @Test
    void aControllerCallIsRecordedWithWhatTheRequestSays() {
        String body = http.toBlocking().retrieve(HttpRequest.GET("/t/records/r-42").basicAuth("alice", "secret")
                .header("User-Agent", "audit-test/1.0").header("X-Request-Id", "req-7"));
        assertEquals("record r-42", body);
        JsonNode e = event("record.view", "r-42");
        assertEquals("success", e.at("/event/outcome").asText());
        assertEquals("database", e.at("/event/category/0").asText(), "the catalog's categorisation of record.view");
        assertEquals("record", e.at("/audit/resource/type").asText());
        assertEquals("alice", e.at("/user/id").asText());
        assertEquals("admin", e.at("/user/roles/0").asText());
        assertEquals("acme", e.at("/organization/id").asText(), "the tenant claim");
        assertEquals("127.0.0.1", e.at("/source/ip").asText());
        assertEquals("audit-test/1.0", e.at("/user_agent/original").asText());
        assertEquals("req-7", e.at("/http/request/id").asText());
        assertEquals("audited-test-app", e.at("/service/name").asText());
        assertEquals(List.of("ApiKey " + KEY), capture.authorizations().stream().distinct().toList());
        assertFalse(config.toString().contains(KEY), "the key is not in the configuration's text");
    }

    @Test
    void beforeAndAfterComeFromTheChangesHook() {
        http.toBlocking().retrieve(HttpRequest.POST("/t/users/bob/roles/auditor", "").basicAuth("alice", "secret"));
        JsonNode e = event("role.grant", "auditor");
        assertEquals("[]", e.at("/audit/changes/before/roles").toString());
        assertEquals("[\"auditor\"]", e.at("/audit/changes/after/roles").toString());
        assertEquals("admin", e.at("/event/type/1").asText(), "ROLE_GRANTED's types: change, admin");
    }

    @Test
    void aFailureIsRecordedAndTheExceptionPassesUntouched() {
        AuditedTestApp.NoBudgetException thrown = assertThrows(AuditedTestApp.NoBudgetException.class, () -> invoices.approve("inv-9", 500));
        assertEquals("no budget for 500", thrown.getMessage());
        JsonNode e = event("invoice.approve", "inv-9");
        assertEquals("failure", e.at("/event/outcome").asText());
        assertEquals(AuditedTestApp.NoBudgetException.class.getName(), e.at("/error/type").asText());
        assertEquals("no budget for 500", e.at("/error/message").asText());
        assertTrue(e.at("/user").isMissingNode(), "no request, no principal");
    }

    @Test
    void aFailedCatalogActionKeepsTheCatalogsCategorisation() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> invoices.revokeLastAdmin("admin"));
        assertEquals("the last admin keeps admin", thrown.getMessage());
        JsonNode e = event("role.revoke", "admin");
        assertEquals("failure", e.at("/event/outcome").asText());
        assertEquals("iam", e.at("/event/category/0").asText());
        assertEquals("[\"change\",\"admin\"]", e.at("/event/type").toString());
        assertEquals(IllegalStateException.class.getName(), e.at("/error/type").asText());
    }

    @Test
    void anAsynchronousResultIsRecordedWhenItCompletes() throws Exception {
        assertEquals("inv-async", invoices.create().get(10, TimeUnit.SECONDS));
        assertEquals("success", event("invoice.create", "inv-async").at("/event/outcome").asText());
    }

    @Test
    void anEventThatCannotBeRecordedDoesNotFailTheCall() {
        long before = capture.events().size();
        assertEquals("fine", invoices.unrecordable());
        assertTrue(client.flush(Duration.ofSeconds(10)));
        assertTrue(capture.events().stream().skip(before).noneMatch(e -> e.at("/event/action").asText().isEmpty()));
    }

    /** The one captured event of this action and resource id, after a flush. */
    private JsonNode event(String action, String resourceId) {
        assertTrue(client.flush(Duration.ofSeconds(10)), "delivered to the capture");
        List<JsonNode> found = capture.events().stream().filter(e -> e.at("/event/action").asText().equals(action)
                && e.at("/audit/resource/id").asText().equals(resourceId)).toList();
        assertEquals(1, found.size(), () -> action + " " + resourceId + " in " + capture.events());
        return found.get(0);
    }
}
