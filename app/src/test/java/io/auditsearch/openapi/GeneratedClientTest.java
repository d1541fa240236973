package io.auditsearch.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.generated.ApiClient;
import io.auditsearch.generated.ApiException;
import io.auditsearch.generated.api.IngestApi;
import io.auditsearch.generated.api.SearchApi;
import io.auditsearch.generated.model.AuditEvent;
import io.auditsearch.generated.model.AuditEventEvent;
import io.auditsearch.generated.model.IngestResponsesBulkResult;
import io.auditsearch.generated.model.IngestResponsesReceipt;
import io.auditsearch.generated.model.SearchResponsesPage;
import io.auditsearch.support.TestCredentials;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A Java client generated from the service's OpenAPI document at build time (OpenAPI Generator,
 * {@code java}/{@code native}; see app/pom.xml) records and searches events against the running
 * service: the document describes the API well enough to call it with typed methods and models.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GeneratedClientTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    private ApiClient client() {
        ApiClient api = new ApiClient();
        api.updateBaseUri(server.getURL().toString());
        api.setRequestInterceptor(request -> request.header("Authorization", TestCredentials.authorization()));
        return api;
    }

    @Test
    void recordsOneAndABulkThenFindsThemByControl() throws ApiException {
        String service = "generated-" + UUID.randomUUID().toString().substring(0, 8);
        IngestApi ingest = new IngestApi(client());
        IngestResponsesReceipt receipt = ingest.recordEvent(new AuditEvent()
                .event(new AuditEventEvent().action("role.grant").putAdditionalProperty("outcome", "success"))
                .putAdditionalProperty("service", Map.of("name", service))
                .putAdditionalProperty("user", Map.of("name", "alice")));
        assertEquals("created", receipt.getResult());

        IngestResponsesBulkResult bulk = ingest.recordEvents("{\"event\":{\"action\":\"user.login\",\"outcome\":\"failure\"},\"service\":{\"name\":\""
                + service + "\"}}\n{\"event\":{\"action\":\"invoice.approve\"},\"service\":{\"name\":\"" + service + "\"}}\n");
        assertEquals(false, bulk.getErrors(), bulk::toString);
        assertEquals(2, bulk.getItems().size());

        SearchApi search = new SearchApi(client());
        SearchResponsesPage all = awaitPage(search, SearchApi.APISearchEventsRequest.newBuilder().service(List.of(service)).build(), 3);
        assertEquals(3, all.getEvents().size());
        SearchResponsesPage admin = search.searchEvents(SearchApi.APISearchEventsRequest.newBuilder()
                .service(List.of(service)).control(List.of("PCI-DSS-10.2.1.2")).from("now-1h").build());
        assertEquals(List.of(receipt.getId()), admin.getEvents().stream().map(e -> ((Map<?, ?>) e.get("event")).get("id")).toList());
        Map<String, Object> one = search.getEvent(receipt.getId());
        assertEquals("alice", ((Map<?, ?>) one.get("user")).get("name"));
    }

    @Test
    void problemsArriveAsApiExceptionsWithTheProblemBody() {
        SearchApi search = new SearchApi(client());
        ApiException missing = assertThrows(ApiException.class, () -> search.getEvent("no-such-event-" + UUID.randomUUID()));
        assertEquals(404, missing.getCode());
        assertTrue(missing.getResponseBody().contains("urn:audit-search:problem:"), missing.getResponseBody());
        ApiException invalid = assertThrows(ApiException.class, () -> search.searchEvents(
                SearchApi.APISearchEventsRequest.newBuilder().outcome(List.of("maybe")).build()));
        assertEquals(400, invalid.getCode());
    }

    private static SearchResponsesPage awaitPage(SearchApi search, SearchApi.APISearchEventsRequest request, int count) throws ApiException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        SearchResponsesPage page = search.searchEvents(request);
        while (page.getEvents().size() < count && System.nanoTime() < end) {
            sleep();
            page = search.searchEvents(request);
        }
        return page;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
