package io.auditsearch.openapi;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI document micronaut-openapi generates from the controllers at compile time
 * ({@code META-INF/swagger/audit-search-v1.yml}, named after the {@code @OpenAPIDefinition}).
 */
@Controller("/openapi")
@Hidden
class OpenApiController {

    static final String RESOURCE = "META-INF/swagger/audit-search-v1.yml";
    private final byte[] document;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the generated OpenAPI document " + RESOURCE + " is missing from the classpath");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(produces = "application/yaml")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<byte[]> get() {
        return HttpResponse.ok(document);
    }
}
