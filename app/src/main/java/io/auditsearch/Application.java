package io.auditsearch;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Entry point of the Audit Search service. */
@OpenAPIDefinition(info = @Info(title = "Audit Search", version = "v1",
        description = "Audit events in, forensic search, aggregations and exports out (ECS documents in Elasticsearch)."))
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
