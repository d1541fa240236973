package io.auditsearch;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Entry point of the Audit Search service. */
@OpenAPIDefinition(info = @Info(title = "Audit Search", version = "v1",
        description = "Audit events in, forensic search, aggregations and exports out (ECS documents in Elasticsearch). "
                + "Every call needs 'Authorization: ApiKey <key>' or 'Authorization: Bearer <JWT>'; roles ingest, read, admin."),
        security = {@SecurityRequirement(name = "apiKey"), @SecurityRequirement(name = "bearer")},
        servers = @Server(url = "http://localhost:8080", description = "a service on this machine (bin/audit-search); use your deployment's URL"),
        tags = {@Tag(name = "ingest", description = "Record audit events, one or in bulk"),
                @Tag(name = "search", description = "Find events: full text, filters, cursors"),
                @Tag(name = "aggregations", description = "Timelines, facets, distinct counts and groups"),
                @Tag(name = "export", description = "Stream every matching event as NDJSON or CSV"),
                @Tag(name = "retention", description = "Retention report and legal holds (admin)"),
                @Tag(name = "admin", description = "API keys and dead letters (admin)")})
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, paramName = "Authorization",
        description = "'ApiKey <key>': a key from POST /v1/admin/keys (or bootstrap-admin.key)")
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
