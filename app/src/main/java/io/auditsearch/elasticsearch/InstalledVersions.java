package io.auditsearch.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.cluster.GetComponentTemplateResponse;
import co.elastic.clients.elasticsearch.indices.GetIndexTemplateResponse;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The {@code _meta.version} of the templates a cluster holds, so the installer upgrades older ones
 * and leaves newer ones (another instance of a later release installed them) as they are.
 */
final class InstalledVersions {

    private final ElasticsearchClient client;

    InstalledVersions(ElasticsearchClient client) {
        this.client = client;
    }

    /** The installed component template's version: empty when there is none, 0 when it has no {@code _meta.version}. */
    OptionalInt component(String name) throws IOException {
        try {
            GetComponentTemplateResponse answer = client.cluster().getComponentTemplate(b -> b.name(name));
            if (answer.componentTemplates().isEmpty()) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(version(answer.componentTemplates().getFirst().componentTemplate().meta()));
        } catch (ElasticsearchException e) {
            return absent(e);
        }
    }

    /** The installed composable index template's version, as {@link #component}. */
    OptionalInt indexTemplate(String name) throws IOException {
        try {
            GetIndexTemplateResponse answer = client.indices().getIndexTemplate(b -> b.name(name));
            if (answer.indexTemplates().isEmpty()) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(version(answer.indexTemplates().getFirst().indexTemplate().meta()));
        } catch (ElasticsearchException e) {
            return absent(e);
        }
    }

    /** The version a shipped template file declares ({@code _meta.version}). */
    static int shipped(JsonNode file) {
        JsonNode version = file.path("_meta").path("version");
        if (!version.canConvertToInt()) {
            throw new IllegalStateException("a shipped template has no _meta.version: " + file.path("_meta"));
        }
        return version.asInt();
    }

    private static int version(Map<String, JsonData> meta) {
        JsonData version = meta == null ? null : meta.get("version");
        if (version == null) {
            return 0;
        }
        try {
            return version.to(Integer.class);
        } catch (RuntimeException e) {
            return 0; // a hand-made template with a version that is not a number: older than any of ours
        }
    }

    private static OptionalInt absent(ElasticsearchException e) {
        if (e.status() == 404) {
            return OptionalInt.empty();
        }
        throw e;
    }
}
