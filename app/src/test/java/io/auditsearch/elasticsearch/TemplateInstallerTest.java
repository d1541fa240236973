package io.auditsearch.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.Json;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The shipped index-templates/ files, as the service installs them at startup. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateInstallerTest implements TestPropertyProvider {

    private static final Path TEMPLATES = Path.of("..", "index-templates");

    @Inject
    ClusterCapabilities capabilities;
    @Inject
    TemplateInstaller installer;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    @Test
    void installedComponentTemplatesAreTheRepositoryFiles() throws IOException {
        for (String name : new String[] {"audit-events-settings", "audit-events-mappings"}) {
            JsonNode file = Json.parse(Files.readString(TEMPLATES.resolve("component/" + name + ".json")));
            JsonNode installed = ElasticsearchHttp.get("/_component_template/" + name)
                    .at("/component_templates/0/component_template");
            assertEquals(file.at("/_meta/version"), installed.at("/_meta/version"), name);
            assertEquals(file.at("/template/mappings/dynamic"), installed.at("/template/mappings/dynamic"), name);
        }
    }

    @Test
    void aNewDatedIndexGetsTheAliasStrictMappingAndSettings() {
        JsonNode simulated = ElasticsearchHttp.send("POST", "/_index_template/_simulate_index/audit-events-2030.01.01", null).body();
        JsonNode template = simulated.get("template");
        assertTrue(template.at("/aliases").has("audit-events"), simulated.toString());
        assertEquals("strict", template.at("/mappings/dynamic").asText());
        assertEquals("flattened", template.at("/mappings/properties/audit/properties/details/type").asText());
        assertEquals("1", template.at("/settings/index/number_of_shards").asText());
    }

    @Test
    void installingTwiceChangesNothing() throws IOException {
        JsonNode before = ElasticsearchHttp.get("/_index_template/audit-events");
        installer.install(capabilities.hasIlm());
        JsonNode after = ElasticsearchHttp.get("/_index_template/audit-events");
        assertEquals(before, after);
    }

    @Test
    void withoutIlmNoLifecycleSettingsAreInstalled() {
        assumeTrue(!capabilities.hasIlm(), "this check is for clusters without ILM");
        assertEquals(404, ElasticsearchHttp.send("GET", "/_component_template/audit-events-lifecycle", null).status());
        JsonNode simulated = ElasticsearchHttp.send("POST", "/_index_template/_simulate_index/audit-events-2030.01.01", null).body();
        assertTrue(simulated.at("/template/settings/index/lifecycle").isMissingNode());
    }

    @Test
    void withIlmThePolicyDeletesAfterTheRetentionPeriodCountedFromTheIndexName() {
        assumeTrue(capabilities.hasIlm(), "needs ILM (index lifecycle management): the cluster at "
                + TestElasticsearch.url() + " (" + TestElasticsearch.source() + ") has none; run with Docker or ELASTICSEARCH_URL of a full cluster");
        JsonNode policy = ElasticsearchHttp.get("/_ilm/policy/audit-events").at("/audit-events/policy");
        assertEquals("365d", policy.at("/phases/delete/min_age").asText());
        JsonNode simulated = ElasticsearchHttp.send("POST", "/_index_template/_simulate_index/audit-events-2030.01.01", null).body();
        assertEquals("audit-events", simulated.at("/template/settings/index/lifecycle/name").asText());
        assertEquals("true", simulated.at("/template/settings/index/lifecycle/parse_origination_date").asText());
    }
}
