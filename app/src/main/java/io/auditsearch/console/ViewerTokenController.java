package io.auditsearch.console;

import io.auditsearch.problem.ProblemResponses;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.ServiceEvents;
import io.auditsearch.search.EventQueryBuilder;
import io.auditsearch.search.QueryParameters;
import io.auditsearch.security.Caller;
import io.auditsearch.security.ReadAudit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/admin/viewer-tokens} (admin): mints a short-lived read-only token for the embeddable view. The
 * token reads one tenant (a tenant-bound minter's own), through fixed filters checked here as a search would
 * check them, for at most {@code audit.console.viewer-token-max-lifetime}. Minting is recorded as an event
 * ({@code console.viewer_token.create}) without the token.
 */
@Controller("/v1/admin/viewer-tokens")
@Tag(name = "admin")
class ViewerTokenController {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerTokenController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ViewerTokens tokens;
    private final EventQueryBuilder queries;
    private final ConsoleConfiguration config;
    private final ServiceEvents events;

    ViewerTokenController(ViewerTokens tokens, EventQueryBuilder queries, ConsoleConfiguration config, ServiceEvents events) {
        this.tokens = tokens;
        this.queries = queries;
        this.config = config;
        this.events = events;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "createViewerToken", summary = "Mint a viewer token for the embeddable console view",
            description = "Body: tenant (required unless the caller is tenant-bound), filters (name to value or values, fixed for every read), "
                    + "expires_in (seconds, 60 to 86400, default 3600), allowed_origins (origins allowed to frame /console/embed).")
    HttpResponse<Map<String, Object>> mint(HttpRequest<?> request, @Body @Nullable byte[] body) {
        Caller minter = Caller.of(request);
        ViewerTokenRequest asked = ViewerTokenRequest.parse(body, minter.tenant(), config.getViewerTokenMaxLifetime());
        Instant now = Instant.now();
        // the fixed filters must be ones a search accepts: checked by the query builder, under the token's tenant
        queries.query(queries.filter(QueryParameters.of(asked.filters()), now), java.util.Optional.of(asked.tenant()));
        ViewerGrant grant = new ViewerGrant(ViewerTokens.newId(), asked.tenant(), asked.filters(), asked.origins(),
                now.plus(asked.lifetime()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), minter.id());
        String token = tokens.sign(grant);
        record(minter, grant);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", grant.id());
        answer.put("token", token);
        answer.put("tenant", grant.tenant());
        answer.put("filters", grant.filters());
        answer.put("allowed_origins", grant.origins());
        answer.put("expires_at", grant.expires().toString());
        answer.put("embed_path", "/console/embed?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return HttpResponse.created(answer);
    }

    private void record(Caller minter, ViewerGrant grant) {
        ObjectNode event = JSON.createObjectNode();
        event.put("@timestamp", Instant.now().toString());
        ObjectNode ev = event.putObject("event").put("action", "console.viewer_token.create").put("outcome", "success");
        ev.putArray("category").add("iam");
        ev.putArray("type").add("creation");
        event.putObject("user").put("id", minter.id()).put("name", minter.name());
        event.putObject("organization").put("id", grant.tenant());
        event.putObject("service").put("name", ReadAudit.SERVICE);
        event.put("message", minter.name() + " minted viewer " + grant.id() + " for tenant " + grant.tenant() + " until " + grant.expires());
        ObjectNode audit = event.putObject("audit");
        audit.putObject("resource").put("type", "viewer_grant").put("id", grant.id());
        ObjectNode details = audit.putObject("details");
        details.set("filters", JSON.valueToTree(grant.filters()));
        details.set("allowed_origins", JSON.valueToTree(grant.origins()));
        details.put("expires_at", grant.expires().toString());
        try {
            events.record(event).whenComplete((id, error) -> {
                if (error != null) {
                    LOG.warn("The minting of viewer {} could not be recorded in the audit log: {}", grant.id(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("The minting of viewer {} could not be recorded in the audit log: {}", grant.id(), e.toString());
        }
    }
}
