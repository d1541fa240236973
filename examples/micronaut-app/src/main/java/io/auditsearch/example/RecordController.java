package io.auditsearch.example;

import io.auditsearch.micronaut.Audited;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.util.Map;

/** Reading a customer record: every view is recorded by {@link Audited} as the catalog's {@code record.view}. */
@Controller("/records")
class RecordController {

    private static final Map<String, Map<String, String>> RECORDS = Map.of(
            "cust-1", Map.of("id", "cust-1", "name", "Example Customer", "plan", "gold"));

    @Audited(action = "record.view", resourceType = "customer", resourceId = "id")
    @Get("/{id}")
    HttpResponse<Map<String, String>> view(@PathVariable String id) {
        Map<String, String> record = RECORDS.get(id);
        return record == null ? HttpResponse.notFound() : HttpResponse.ok(record);
    }
}
